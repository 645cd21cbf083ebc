// The citizen's forms at the counter: opened by scanning the ticket's QR with the USB barcode
// scanner (it types into the working screen like a keyboard), listed by title, printed on A4.
// View shows every field (the counter_forms screen).
#include "counter_parts.hpp"
#include "kiosk/i18n.hpp"
#include "theme.hpp"
#include "widgets.hpp"

namespace madoguchi::screens {

std::string_view counter_forms_notice_text(const View& view, FormsNotice notice) {
    switch (notice) {
        case FormsNotice::none: return {};
        case FormsNotice::unreadable: return view.tr("That was not a ticket's QR code, or it was read wrongly. Scan it again.");
        case FormsNotice::offline:
            return view.tr("This ticket was issued while the kiosk was offline; its forms open once the kiosk has reconnected.");
        case FormsNotice::other_site: return view.tr("This ticket is from another office.");
        case FormsNotice::unknown_key:
            return view.tr("This ticket's signature uses a key the server does not know. Do not accept it.");
        case FormsNotice::forged: return view.tr("This ticket's signature is not valid: it was altered. Do not accept it.");
        case FormsNotice::not_logged_in: return view.tr("Log in and open the counter before scanning.");
        case FormsNotice::server_away: return view.tr("The server cannot be reached. Check the network cable, then try again.");
        case FormsNotice::no_application: return view.tr("This ticket has no forms filled in at the kiosk.");
        case FormsNotice::sealed:
            return view.tr("The forms do not open with this office's key. Ask the system administrator.");
        case FormsNotice::unusable:
            return view.tr("The forms were filled in with a version this terminal does not know. Ask the system administrator.");
        case FormsNotice::server_fault:
            return view.tr("The server could not do it. Try again; if it keeps failing, ask the system administrator.");
        case FormsNotice::no_printer: return view.tr("No A4 printer is set up for this counter.");
        case FormsNotice::print_failed: return view.tr("The forms could not be printed. Check the A4 printer, then try again.");
        case FormsNotice::printed: return view.tr("Sent to the A4 printer.");
    }
    return {};
}

std::string counter_camera_text(const View& view, const CameraStatus& camera) {
    using camera::CameraError;
    switch (camera.state) {
        case CameraState::none: return {};
        case CameraState::ready: return view.tr("Camera ready: hold the ticket's QR code up to it.");
        case CameraState::unavailable: break;
    }
    const char* reason = "";
    switch (camera.problem) {
        case CameraError::not_found: reason = view.tr("it is not connected"); break;
        case CameraError::no_access: reason = view.tr("this terminal may not use it"); break;
        case CameraError::not_v4l2: reason = view.tr("the configured device is not a camera"); break;
        case CameraError::no_capture: reason = view.tr("the device cannot capture video"); break;
        case CameraError::no_format: reason = view.tr("its picture format cannot be read"); break;
        case CameraError::busy: reason = view.tr("another program is using it"); break;
        case CameraError::unplugged: reason = view.tr("it was unplugged"); break;
        case CameraError::timeout: reason = view.tr("it sends no picture"); break;
        case CameraError::failed: reason = view.tr("it failed"); break;
    }
    return fill(view.tr("Camera not available ({}). Use the USB scanner."), {reason});
}

void counter_forms_panel(const View& view, Intents& intents, ImVec2 min, ImVec2 max) {
    const Theme& t = theme();
    const CounterPicture& desk = *view.counter;
    if (!desk.forms_available) {
        return;
    }
    const float left = min.x + t.px(40);
    const float column = max.x - min.x - t.px(80);
    ImDrawList& draw = *ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetWindowPos();
    draw.AddLine(ImVec2(origin.x + left, origin.y + min.y), ImVec2(origin.x + max.x - t.px(40), origin.y + min.y),
                 k_secondary, t.px(3));
    ImGui::SetCursorPosY(min.y + t.px(24));
    const std::string camera = counter_camera_text(view, desk.camera);
    const float line_height = t.fonts.body->FontSize + ImGui::GetStyle().ItemSpacing.y;
    const float camera_height =
        camera.empty() ? 0.0f
                       : t.px(8) + static_cast<float>(wrap_lines(camera, t.fonts.body, column - t.px(32)).size()) *
                                       line_height;
    if (desk.forms.empty()) {
        paragraph(view.tr("Citizen's forms"), t.fonts.heading, column, k_text, left);
        const char* hint = desk.forms_busy
                               ? view.tr("Opening the forms…")
                               : view.tr("Scan the QR code on the citizen's ticket to open the forms filled in at the kiosk.");
        // In a short panel the camera's line, which says how to scan too, takes the hint's place.
        const float hint_height = static_cast<float>(wrap_lines(hint, t.fonts.body, column).size()) * line_height;
        if (camera.empty() || ImGui::GetCursorPosY() + hint_height + camera_height <= max.y - t.px(16)) {
            paragraph(hint, t.fonts.body, column, k_text_muted, left);
            log_item(hint);
        }
    } else {
        const std::string title = fill(view.tr("Forms for {}"), {desk.forms_ticket});
        request_glyphs(title);
        paragraph(title, t.fonts.heading, column, k_text, left);
        log_item("forms " + desk.forms_ticket);
        for (const CounterPicture::FormTitle& form : desk.forms) {
            const std::string& name = view.language == "ja" ? form.ja : form.en;
            request_glyphs(name);
            paragraph("・" + name, t.fonts.body, column, k_text, left);
            log_item(name);
        }
    }
    const std::string_view notice = counter_forms_notice_text(view, desk.forms_notice);
    if (!notice.empty()) {
        paragraph(notice, t.fonts.body, column, desk.forms_notice == FormsNotice::printed ? k_text_muted : k_warning,
                  left);
        log_item(notice);
    }
    const float gap = t.px(16);
    const ImVec2 button((column - 2 * gap) / 3.0f, t.px(100));
    const float buttons_top = max.y - t.px(32) - button.y;
    // With forms open it gives way to their buttons when it would not fit above them, and comes
    // back when they close.
    const float camera_bottom = desk.forms.empty() ? max.y - t.px(16) : buttons_top;
    if (!camera.empty() && ImGui::GetCursorPosY() + camera_height <= camera_bottom) {
        // Set apart from the scan's outcome above, with a status dot as the connection has.
        const bool ready = desk.camera.state == CameraState::ready;
        ImGui::Dummy(ImVec2(0, t.px(8)));
        const float dot_y = ImGui::GetCursorPosY() + t.fonts.body->FontSize * 0.55f;
        draw.AddCircleFilled(ImVec2(origin.x + left + t.px(8), origin.y + dot_y), t.px(8), ready ? k_primary : k_warning);
        request_glyphs(camera);
        paragraph(camera, t.fonts.body, column - t.px(32), ready ? k_text_muted : k_text, left + t.px(32));
        log_item(camera);
    }
    if (desk.forms.empty()) {
        return;
    }
    const float y = buttons_top;
    ImGui::SetCursorPos(ImVec2(left, y));
    if (wrapped_touch_button(view.tr("View"), button, ButtonStyle::secondary)) {
        intents.push_back(intent::ViewForms{});
    }
    ImGui::BeginDisabled(desk.forms_busy);
    ImGui::SetCursorPos(ImVec2(left + button.x + gap, y));
    if (wrapped_touch_button(view.tr("Print on A4"), button)) {
        intents.push_back(intent::PrintForms{});
    }
    ImGui::SetCursorPos(ImVec2(left + 2 * (button.x + gap), y));
    if (wrapped_touch_button(view.tr("Close"), button, ButtonStyle::secondary)) {
        intents.push_back(intent::CloseForms{});
    }
    ImGui::EndDisabled();
}

}  // namespace madoguchi::screens
