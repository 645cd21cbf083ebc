#pragma once
// A citizen's answers for 住民票の写し等交付請求書 as `forms fill --answers` reads them, with a name
// beyond the BMP: the kiosk files them and the counter must show and print them unchanged.
namespace madoguchi::testing {

inline constexpr const char* k_juminhyo_answers = R"(
name = "𠮷野　太郎"
address = "東京都中央区築地１丁目１番１号"
subject_address = "東京都中央区築地１丁目１番１号"
birth_date = 1989-01-08
phone = "03-1234-5678"
relationship = "本人"
certificate_kind = "住民票の写し（世帯全員）"
copies = 2
purpose = "年金"
)";

}  // namespace madoguchi::testing
