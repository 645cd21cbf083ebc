#include "font_atlas.hpp"

#include <fcntl.h>
#include <imgui_freetype.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stdexcept>

#include "drivers/text/utf8.hpp"

namespace madoguchi::screens {

// Font files are mapped, not read: IPAmj Mincho is 46 MB and FreeType touches only the pages of
// the glyphs it draws, so the resident set stays small. All three sizes share one mapping.
struct FontAtlas::Mapped {
    void* data = MAP_FAILED;
    std::size_t size = 0;

    explicit Mapped(const std::filesystem::path& path) {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        struct stat info {};
        if (fd >= 0 && ::fstat(fd, &info) == 0 && info.st_size > 0) {
            size = static_cast<std::size_t>(info.st_size);
            data = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
        }
        if (fd >= 0) {
            ::close(fd);
        }
        if (data == MAP_FAILED) {
            throw std::runtime_error("cannot read font " + path.string());
        }
    }
    ~Mapped() { ::munmap(data, size); }
    Mapped(const Mapped&) = delete;
    Mapped& operator=(const Mapped&) = delete;
};

namespace {

constexpr float k_body_pixels = 38.0f;
constexpr float k_heading_pixels = 60.0f;
constexpr float k_numeral_pixels = 200.0f;

void add_base(ImFontGlyphRangesBuilder& builder, std::string_view text, const std::set<char32_t>& extra) {
    builder.AddRanges(ImGui::GetIO().Fonts->GetGlyphRangesDefault());
    static const ImWchar k_kana_and_punctuation[] = {0x3000, 0x30FF, 0xFF00, 0xFFEF, 0x2010, 0x2027, 0};
    builder.AddRanges(k_kana_and_punctuation);
    builder.AddText(text.data(), text.data() + text.size());
    for (char32_t code : extra) {
        builder.AddChar(static_cast<ImWchar>(code));
    }
}

}  // namespace

FontAtlas::FontAtlas(const FontFiles& files, float scale, std::string_view always_needed_text)
    : m_regular(std::make_unique<Mapped>(files.regular)),
      m_bold(std::make_unique<Mapped>(files.bold)),
      m_fallback(std::make_unique<Mapped>(files.fallback)),
      m_scale(scale),
      m_always_needed_text(always_needed_text) {}

FontAtlas::~FontAtlas() = default;

void FontAtlas::require(std::string_view utf8) {
    const ImFont* body = ImGui::GetIO().Fonts->Fonts.empty() ? nullptr : ImGui::GetIO().Fonts->Fonts[0];
    std::size_t pos = 0;
    while (pos < utf8.size()) {
        const char32_t code = text::decode_utf8(utf8, pos);
        if (code > 0xFFFF || code < 0x20 || m_extra.contains(code)) {
            continue;
        }
        if (body == nullptr || body->FindGlyphNoFallback(static_cast<ImWchar>(code)) == nullptr) {
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

    ImFontGlyphRangesBuilder body;
    add_base(body, m_always_needed_text, m_extra);
    body.AddRanges(atlas.GetGlyphRangesJapanese());
    m_body_ranges.clear();
    body.BuildRanges(&m_body_ranges);

    ImFontGlyphRangesBuilder heading;
    add_base(heading, m_always_needed_text, m_extra);
    m_heading_ranges.clear();
    heading.BuildRanges(&m_heading_ranges);

    ImFontGlyphRangesBuilder numerals;
    numerals.AddText("0123456789-:ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    m_numeral_ranges.clear();
    numerals.BuildRanges(&m_numeral_ranges);

    const auto add = [&](Mapped& main, float pixels, const ImVector<ImWchar>& ranges) {
        ImFontConfig config;
        config.FontDataOwnedByAtlas = false;
        ImFont* font = atlas.AddFontFromMemoryTTF(main.data, static_cast<int>(main.size), pixels * m_scale, &config,
                                                  ranges.Data);
        ImFontConfig merge;
        merge.FontDataOwnedByAtlas = false;
        merge.MergeMode = true;
        atlas.AddFontFromMemoryTTF(m_fallback->data, static_cast<int>(m_fallback->size), pixels * m_scale, &merge,
                                   ranges.Data);
        return font;
    };
    Fonts fonts;
    fonts.body = add(*m_regular, k_body_pixels, m_body_ranges);
    fonts.heading = add(*m_bold, k_heading_pixels, m_heading_ranges);
    fonts.numerals = add(*m_bold, k_numeral_pixels, m_numeral_ranges);
    if (!atlas.Build()) {
        throw std::runtime_error("the font atlas could not be built");
    }
    return fonts;
}

}  // namespace madoguchi::screens
