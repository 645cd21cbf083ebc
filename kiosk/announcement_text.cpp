#include "announcement_text.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace madoguchi {
namespace {

constexpr std::array<std::string_view, 26> k_letter_names{
    "エー",   "ビー",   "シー", "ディー", "イー",       "エフ",     "ジー", "エイチ", "アイ",
    "ジェー", "ケー",   "エル", "エム",   "エヌ",       "オー",     "ピー", "キュー", "アール",
    "エス",   "ティー", "ユー", "ブイ",   "ダブリュー", "エックス", "ワイ", "ゼット"};

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool all_digits(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), is_digit);
}

// Splits "A-012" into runs of letters and of digits; digits lose their leading zeros.
template <typename OnLetter, typename OnNumber>
void each_part(std::string_view text, OnLetter on_letter, OnNumber on_number) {
    std::size_t i = 0;
    while (i < text.size()) {
        if (is_digit(text[i])) {
            std::size_t end = i;
            while (end < text.size() && is_digit(text[end])) {
                ++end;
            }
            std::string_view digits = text.substr(i, end - i);
            while (digits.size() > 1 && digits.front() == '0') {
                digits.remove_prefix(1);
            }
            on_number(digits);
            i = end;
        } else {
            on_letter(text[i]);
            ++i;
        }
    }
}

std::string japanese_words(std::string_view text) {
    std::string words;
    auto add = [&words](std::string_view word) {
        if (!words.empty()) {
            words += ' ';
        }
        words += word;
    };
    each_part(
        text,
        [&](char c) {
            const int upper = std::toupper(static_cast<unsigned char>(c));
            if (upper >= 'A' && upper <= 'Z') {
                add(k_letter_names[static_cast<std::size_t>(upper - 'A')]);
            }
        },
        add);
    return words;
}

// Letters stay (a single one as a capital), the separator between a letter and a number goes.
std::string english_words(std::string_view text) {
    std::string words;
    each_part(
        text,
        [&](char c) {
            if (std::isalpha(static_cast<unsigned char>(c)) != 0) {
                words += c;
            } else if (!words.empty() && words.back() != ' ') {
                words += ' ';
            }
        },
        [&](std::string_view digits) {
            if (!words.empty() && words.back() == ' ' && words.size() >= 2 &&
                std::isalpha(static_cast<unsigned char>(words[words.size() - 2])) != 0) {
                words.pop_back();
            }
            words += digits;
        });
    if (words.size() == 1 || (words.size() > 1 && !std::isalpha(static_cast<unsigned char>(words[1])))) {
        words[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(words[0])));
    }
    return words;
}

}  // namespace

SpokenCall spoken_call(const Announcement& call) {
    const std::string counter_ja =
        all_digits(call.counter) ? japanese_words(call.counter) + " ばん" : japanese_words(call.counter);
    SpokenCall spoken;
    spoken.japanese = "うけつけ ばんごう、" + japanese_words(call.number) + " ばん の かた、" + counter_ja +
                      " まどぐち へ おこし ください。";
    spoken.english =
        "Ticket " + english_words(call.number) + ", please come to counter " + english_words(call.counter) + ".";
    return spoken;
}

}  // namespace madoguchi
