#include "headless_ui.hpp"

#include <doctest/doctest.h>

#include "drivers/text/utf8.hpp"
#include "kiosk/config.hpp"
#include "screens/widgets.hpp"

namespace madoguchi::testing {

void RecordingFreeText::draw(std::string_view utf8, float pixel_height, ImU32, float max_width) {
    drawn.emplace_back(utf8);
    const float width = static_cast<float>(text::decode_utf8(utf8).size()) * pixel_height;
    ImGui::Dummy(ImVec2(std::min(width, max_width), pixel_height));
}

HeadlessUi::HeadlessUi() {
    const std::vector<std::string> languages{"ja", "en"};
    auto translator = Translator::load(MADOGUCHI_BINARY_DIR "/share/madoguchi/locale", languages);
    REQUIRE(translator.has_value());
    m_translator = std::move(*translator);

    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1920, 1080);
    io.DeltaTime = 1.0f / 60.0f;
    screens::apply_style(1.0f);

    std::string atlas_text;
    m_translator.for_each_translation([&](std::string_view text) { atlas_text += text; });
    const TerminalConfig defaults;
    m_fonts = std::make_unique<screens::FontAtlas>(
        screens::FontFiles{defaults.font_regular, defaults.font_bold, defaults.font_fallback}, 1.0f, atlas_text);
    rebuild_fonts();
    screens::set_glyph_requests([this](std::string_view text) { m_fonts->require(text); });
}

HeadlessUi::~HeadlessUi() {
    screens::set_glyph_requests({});
    ImGui::DestroyContext();
}

void HeadlessUi::rebuild_fonts() {
    screens::Theme theme;
    theme.fonts = m_fonts->build(*ImGui::GetIO().Fonts);
    unsigned char* pixels = nullptr;
    int width = 0;
    int height = 0;
    ImGui::GetIO().Fonts->GetTexDataAsAlpha8(&pixels, &width, &height);
    screens::set_theme(theme);
}

Intents HeadlessUi::frame(const View& view) {
    Intents intents;
    ImGui::NewFrame();
    ImGui::PushFont(screens::theme().fonts.body);
    screens::draw_frame(m_router, view, intents);
    ImGui::PopFont();
    ImGui::Render();
    return intents;
}

bool HeadlessUi::shows(const View& view, std::string_view label) {
    frame(view);
    for (const screens::LoggedItem& item : screens::frame_log()) {
        if (item.label == label) {
            return true;
        }
    }
    return false;
}

Intents HeadlessUi::press(const View& view, std::string_view label, Which which) {
    ImGuiIO& io = ImGui::GetIO();
    // A popup finds its place only on its second frame.
    frame(view);
    frame(view);
    const screens::LoggedItem* target = nullptr;
    for (const screens::LoggedItem& item : screens::frame_log()) {
        if (item.label == label && (target == nullptr || which == Which::topmost)) {
            target = &item;
        }
    }
    REQUIRE_MESSAGE(target != nullptr, "no item labelled " << label);
    io.MousePos = ImVec2((target->min.x + target->max.x) * 0.5f, (target->min.y + target->max.y) * 0.5f);
    Intents intents = frame(view);
    io.MouseDown[0] = true;
    for (const Intent& intent : frame(view)) {
        intents.push_back(intent);
    }
    io.MouseDown[0] = false;
    for (const Intent& intent : frame(view)) {
        intents.push_back(intent);
    }
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    frame(view);
    return intents;
}

}  // namespace madoguchi::testing
