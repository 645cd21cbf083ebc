#pragma once
// The reading of a name in katakana (フリガナ), guessed with MeCab and the IPA dictionary, for
// the citizen to confirm or correct: names have readings no dictionary can be sure of. A name
// with a part the dictionary does not know gives no guess, rather than a wrong one.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "error.hpp"

namespace madoguchi {

enum class FuriganaError { no_dictionary };

inline constexpr std::string_view k_ipadic_dir = "/var/lib/mecab/dic/ipadic-utf8";

class Furigana {
public:
    static Result<Furigana, FuriganaError> open(const std::filesystem::path& dictionary = k_ipadic_dir);
    Furigana(Furigana&&) noexcept;
    Furigana& operator=(Furigana&&) noexcept;
    ~Furigana();

    // "山田　太郎" → "ヤマダ　タロウ"; the full-width space between family and given name is kept.
    // nullopt when any part has no reading in the dictionary (𠮷, a made-up name).
    std::optional<std::string> reading(std::string_view name) const;

private:
    struct Tagger;
    explicit Furigana(std::unique_ptr<Tagger> tagger);
    std::unique_ptr<Tagger> m_tagger;
};

}  // namespace madoguchi
