// forms_review: from the card's data arriving to the review of the chosen forms drawn and ready
// (the session fills the forms, the view is made, one ImGui frame of the review is laid out, the
// citizen's values rasterised with FreeType as the kiosk's FreeText does), next to a baseline
// measured in the same run: the same card data to the card summary frame, the screen the kiosk
// already shows. No card I/O: the attributes are handed over as the card service would post
// them. The questions beyond the card are answered in between without drawing them (the
// citizen's time). The atlas starts as the kiosk's does, with the catalogs' and the forms' text;
// the first run of each (new glyphs of the card's data, first textures) is reported apart as
// "cold". The goal is 100 ms to the review.
//
//   forms_review_bench [--runs N]
#include <imgui.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/text/text_rasterizer.hpp"
#include "kiosk/config.hpp"
#include "kiosk/log.hpp"
#include "kiosk/session.hpp"
#include "kiosk/view.hpp"
#include "screens/font_atlas.hpp"
#include "screens/screen_router.hpp"
#include "screens/theme.hpp"
#include "screens/widgets.hpp"

namespace {

using namespace madoguchi;
using BenchClock = std::chrono::steady_clock;

double ms_since(BenchClock::time_point start) {
    return std::chrono::duration<double, std::milli>(BenchClock::now() - start).count();
}

// The kiosk's FreeText without the GPU upload: each new line is rasterised, kept for the frame
// after, and laid out at its size.
class RasterFreeText final : public screens::FreeText {
public:
    explicit RasterFreeText(text::TextRasterizer rasterizer) : m_rasterizer(std::move(rasterizer)) {}
    void draw(std::string_view utf8, float pixel_height, ImU32, float max_width) override {
        auto key = std::make_pair(std::string(utf8), static_cast<int>(pixel_height));
        auto found = m_lines.find(key);
        if (found == m_lines.end()) {
            found = m_lines.emplace(key, m_rasterizer.render_line(utf8, key.second)).first;
        }
        const float width = std::min(max_width, static_cast<float>(found->second.width));
        ImGui::Dummy(ImVec2(width, static_cast<float>(found->second.height)));
    }
    void wipe() override { m_lines.clear(); }

private:
    text::TextRasterizer m_rasterizer;
    std::map<std::pair<std::string, int>, text::AlphaBitmap> m_lines;
};

class QuietCardPort final : public CardPort {
public:
    void check() override {}
    void read(card::Pin) override {}
    void read_individual_number() override {}
    void release() override {}
};

class NoTicketPort final : public TicketPort {
public:
    void issue(TicketRequest) override {}
};

// The review never files anything; confirming is not part of what is measured.
class UnusedApplications final : public ApplicationPort {
public:
    Result<void, ApplicationError> submit(std::string_view, std::span<const FilledForm>, std::string_view) override {
        return {};
    }
};

std::shared_ptr<card::PersonalAttributes> card_data() {
    auto person = std::make_shared<card::PersonalAttributes>();
    person->name = "𠮷野　太郎";
    person->address = "東京都中央区築地１丁目１番１号　築地マンション１０１号室";
    person->birth_date = "19890108";
    person->sex = card::Sex::male;
    return person;
}

struct Ui {
    screens::FontAtlas& fonts;
    screens::ScreenRouter& router;
    RasterFreeText& free_text;
    const Translator& translator;

    // Frames until the atlas has every character the screen asked for, as the kiosk does.
    void draw(const Session& session) {
        for (int pass = 0; pass < 3; ++pass) {
            Intents intents;
            ImGui::NewFrame();
            screens::draw_frame(router, make_view(session, translator, Clock::time_point{}), intents);
            ImGui::Render();
            if (!fonts.needs_rebuild()) {
                return;
            }
            screens::Theme theme;
            theme.fonts = fonts.build(*ImGui::GetIO().Fonts);
            unsigned char* pixels = nullptr;
            int width = 0;
            int height = 0;
            ImGui::GetIO().Fonts->GetTexDataAsAlpha8(&pixels, &width, &height);
            screens::set_theme(theme);
        }
    }
};

// The questions beyond the card as a citizen answers them (the time they take to touch the keys
// is theirs, not measured: no frame of the questions is drawn): the telephone and the copies,
// the others left out. Their answers fill the review like the card's data.
void answer_questions(Session& session) {
    const Clock::time_point t0{};
    for (int asked = 0; asked < 100 && session.screen() == ScreenId::forms_extras; ++asked) {
        const std::string& key = session.forms().current_question()->key;
        if (key == "phone") {
            session.apply(intent::AnswerKey{"0312345678"}, t0);
        } else if (key == "copies") {
            session.apply(intent::AnswerOption{"2"}, t0);
        }
        session.apply(key == "phone" || key == "copies" ? Intent(intent::AnswerDone{}) : Intent(intent::AnswerSkip{}), t0);
    }
}

// One citizen: the card's data arrives with the PIN screen done; `to_review` goes on through
// the procedures to the review. Returns the milliseconds from the data to the drawn screen.
double one_citizen(Ui& ui, const SessionSettings& settings, bool to_review) {
    QuietCardPort card;
    NoTicketPort tickets;
    UnusedApplications applications;
    Session session(settings, Clock::time_point{}, &card, &tickets, &applications);
    const Clock::time_point t0{};
    session.apply(intent::Start{}, t0);
    session.on_card(card_update::Inserted{}, t0);
    session.apply(intent::ReadCard{}, t0);
    session.on_card(card_update::Checked{3}, t0);
    for (int digit : {1, 2, 3, 4}) {
        session.apply(intent::PinDigit{digit}, t0);
    }
    session.apply(intent::PinSubmit{}, t0);
    auto data = card_data();
    ui.free_text.wipe();

    const auto start = BenchClock::now();
    session.on_card(card_update::Read{data}, t0);
    if (to_review) {
        session.apply(intent::CardDone{}, t0);
        session.apply(intent::ToggleForm{"juminhyo"}, t0);
        session.apply(intent::ToggleForm{"inkan_shomei"}, t0);
        session.apply(intent::ToggleForm{"koseki"}, t0);
        session.apply(intent::FormsChosen{}, t0);
        answer_questions(session);
    }
    ui.draw(session);
    const double elapsed = ms_since(start);
    if (session.screen() != (to_review ? ScreenId::forms_review : ScreenId::card_summary)) {
        std::fprintf(stderr, "forms_review_bench: the session is not on the expected screen\n");
        std::exit(1);
    }
    session.reset(ResetReason::finished, t0);
    return elapsed;
}

struct Summary {
    double median = 0;
    double p95 = 0;
};

Summary summarise(std::vector<double> samples) {
    std::ranges::sort(samples);
    return {samples[samples.size() / 2], samples[std::min(samples.size() - 1, samples.size() * 95 / 100)]};
}

}  // namespace

int main(int argc, char** argv) {
    int runs = 30;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--runs" && i + 1 < argc) {
            const std::string_view value = argv[++i];
            if (std::from_chars(value.data(), value.data() + value.size(), runs).ec != std::errc() || runs < 1) {
                std::fprintf(stderr, "forms_review_bench: --runs takes a positive number\n");
                return 2;
            }
        } else {
            std::fprintf(stderr, "usage: forms_review_bench [--runs N]\n");
            return 2;
        }
    }
    log::set_min_level(log::Level::error);
    const std::vector<std::string> languages{"ja", "en"};
    auto translator = Translator::load(MADOGUCHI_BINARY_DIR "/share/madoguchi/locale", languages);
    auto forms = load_forms(MADOGUCHI_SOURCE_DIR "/assets/forms");
    const TerminalConfig defaults;
    const std::filesystem::path chain[] = {defaults.font_regular, defaults.font_fallback};
    auto rasterizer = text::TextRasterizer::open(chain);
    if (!translator || !forms || !rasterizer) {
        std::fprintf(stderr, "forms_review_bench: catalogs, forms or fonts missing (build the catalogs first)\n");
        return 1;
    }
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1920, 1080);
    io.DeltaTime = 1.0f / 60.0f;
    screens::apply_style(1.0f);
    // As the kiosk starts: the catalogs' and the forms' text are in the first atlas.
    std::string atlas_text = form_texts(*forms);
    translator->for_each_translation([&](std::string_view text) { atlas_text += text; });
    screens::FontAtlas fonts({defaults.font_regular, defaults.font_bold, defaults.font_fallback}, 1.0f, atlas_text);
    screens::Theme theme;
    theme.fonts = fonts.build(*io.Fonts);
    unsigned char* pixels = nullptr;
    int width = 0;
    int height = 0;
    io.Fonts->GetTexDataAsAlpha8(&pixels, &width, &height);
    screens::set_theme(theme);
    screens::set_glyph_requests([&fonts](std::string_view text) { fonts.require(text); });

    RasterFreeText free_text(std::move(*rasterizer));
    screens::ScreenRouter router(free_text);
    Ui ui{fonts, router, free_text, *translator};
    SessionSettings settings;
    settings.forms = std::make_shared<const std::vector<FormDefinition>>(std::move(*forms));
    settings.today = [] { return CalendarDate{2026, 11, 26}; };
    settings.ticket_menu = [] { return std::vector<ServiceChoice>{}; };

    const double summary_cold = one_citizen(ui, settings, false);
    const double review_cold = one_citizen(ui, settings, true);
    std::vector<double> summary;
    std::vector<double> review;
    for (int run = 0; run < runs; ++run) {
        summary.push_back(one_citizen(ui, settings, false));
        review.push_back(one_citizen(ui, settings, true));
    }
    const Summary s = summarise(summary);
    const Summary r = summarise(review);
    std::printf("card data → drawn screen, %d runs (cold: first run after start-up)\n", runs);
    std::printf("  baseline card summary   median %7.2f ms  p95 %7.2f ms  cold %7.2f ms\n", s.median, s.p95,
                summary_cold);
    std::printf("  review of 3 forms       median %7.2f ms  p95 %7.2f ms  cold %7.2f ms  (goal ≤ 100 ms)\n", r.median,
                r.p95, review_cold);
    std::printf("  review over baseline    %+7.2f ms\n", r.median - s.median);
    screens::set_glyph_requests({});
    ImGui::DestroyContext();
    return 0;
}
