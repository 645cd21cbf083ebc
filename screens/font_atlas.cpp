#include "font_atlas.hpp"

#include <fcntl.h>
#include <imgui_freetype.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <optional>
#include <stdexcept>

#include "drivers/text/utf8.hpp"
#include "kiosk/log.hpp"

namespace madoguchi::screens {

namespace {

constexpr float k_body_pixels = 38.0f;
constexpr float k_heading_pixels = 60.0f;
constexpr float k_numeral_pixels = 200.0f;

void add_needed(ImFontGlyphRangesBuilder& builder, std::string_view text, const std::set<char32_t>& extra) {
    builder.AddRanges(ImGui::GetIO().Fonts->GetGlyphRangesDefault());
    builder.AddText(text.data(), text.data() + text.size());
    for (char32_t code : extra) {
        builder.AddChar(static_cast<ImWchar>(code));
    }
}

// A font file mapped for the duration of one build; ImGui copies what it keeps.
class MappedFile {
public:
    explicit MappedFile(const std::filesystem::path& path) {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        struct stat info {};
        if (fd >= 0 && ::fstat(fd, &info) == 0 && info.st_size > 0) {
            m_size = static_cast<std::size_t>(info.st_size);
            m_data = ::mmap(nullptr, m_size, PROT_READ, MAP_PRIVATE, fd, 0);
        }
        if (fd >= 0) {
            ::close(fd);
        }
        if (m_data == MAP_FAILED) {
            throw std::runtime_error("cannot read font " + path.string());
        }
    }
    ~MappedFile() { ::munmap(m_data, m_size); }
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    void* data() const { return m_data; }
    int size() const { return static_cast<int>(m_size); }

private:
    void* m_data = MAP_FAILED;
    std::size_t m_size = 0;
};

}  // namespace

FontAtlas::FontAtlas(FontFiles files, float scale, std::string_view always_needed_text)
    : m_files(std::move(files)), m_scale(scale), m_always_needed_text(always_needed_text) {}

void FontAtlas::require(std::string_view utf8) {
    std::size_t pos = 0;
    while (pos < utf8.size()) {
        const char32_t code = text::decode_utf8(utf8, pos);
        if (code > 0xFFFF || code < 0x20 || m_extra.contains(code)) {
            continue;
        }
        // Generated text may be drawn in body or heading type, so both must have the glyph.
        const auto has = [code](const ImFont* font) {
            return font != nullptr && font->FindGlyphNoFallback(static_cast<ImWchar>(code)) != nullptr;
        };
        if (!has(m_built.body) || !has(m_built.heading)) {
            m_pending.insert(code);
        }
    }
}

Fonts FontAtlas::build(ImFontAtlas& atlas) {
    m_extra.merge(m_pending);
    m_pending.clear();
    atlas.Clear();
    atlas.FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
    atlas.FontBuilderFlags = 0;

    // Running text also gets every kana and the full-width forms (addresses use full-width
    // digits), so that typing on the kana keyboard never waits for a rebuild.
    ImFontGlyphRangesBuilder body;
    add_needed(body, m_always_needed_text, m_extra);
    static const ImWchar k_kana_and_full_width[] = {0x3000, 0x30FF, 0xFF00, 0xFFEF, 0x2010, 0x2027, 0};
    body.AddRanges(k_kana_and_full_width);
    m_body_ranges.clear();
    body.BuildRanges(&m_body_ranges);

    ImFontGlyphRangesBuilder heading;
    add_needed(heading, m_always_needed_text, m_extra);
    m_heading_ranges.clear();
    heading.BuildRanges(&m_heading_ranges);

    ImFontGlyphRangesBuilder numerals;
    // Ticket numbers too: a band of capitals, a hyphen and digits ("A-001").
    numerals.AddText("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-");
    m_numeral_ranges.clear();
    numerals.BuildRanges(&m_numeral_ranges);

    const MappedFile regular(m_files.regular);
    const MappedFile bold(m_files.bold);
    // The fallback serves only characters added later (names, addresses); the catalogs' text is
    // all in BIZ UDGothic, so a fresh kiosk never pays for the 46 MB file.
    std::optional<MappedFile> fallback;
    ImVector<ImWchar> fallback_ranges;
    if (!m_extra.empty()) {
        fallback.emplace(m_files.fallback);
        ImFontGlyphRangesBuilder extra;
        for (char32_t code : m_extra) {
            extra.AddChar(static_cast<ImWchar>(code));
        }
        extra.BuildRanges(&fallback_ranges);
    }
    const auto add = [&](const MappedFile& main, float pixels, const ImVector<ImWchar>& ranges, bool with_fallback) {
        ImFontConfig config;
        config.FontDataOwnedByAtlas = false;
        ImFont* font = atlas.AddFontFromMemoryTTF(main.data(), main.size(), pixels * m_scale, &config, ranges.Data);
        if (with_fallback && fallback) {
            ImFontConfig merge;
            merge.FontDataOwnedByAtlas = false;
            merge.MergeMode = true;
            atlas.AddFontFromMemoryTTF(fallback->data(), fallback->size(), pixels * m_scale, &merge,
                                       fallback_ranges.Data);
        }
        return font;
    };
    Fonts fonts;
    fonts.body = add(regular, k_body_pixels, m_body_ranges, true);
    fonts.heading = add(bold, k_heading_pixels, m_heading_ranges, true);
    fonts.numerals = add(bold, k_numeral_pixels, m_numeral_ranges, false);
    const auto started = std::chrono::steady_clock::now();
    if (!atlas.Build()) {
        throw std::runtime_error("the font atlas could not be built");
    }
    atlas.ClearInputData();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    log::info("font_atlas_built", {{"width", std::to_string(atlas.TexWidth)},
                                   {"height", std::to_string(atlas.TexHeight)},
                                   {"added_characters", std::to_string(m_extra.size())},
                                   {"ms", std::to_string(ms.count())}});
    m_built = fonts;
    return fonts;
}

}  // namespace madoguchi::screens
