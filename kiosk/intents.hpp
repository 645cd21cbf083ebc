#pragma once
// What a screen asks the session to do. Screens never change state themselves: they emit these,
// and Session::apply turns them into the next state (DESIGN.md §3).
#include <string>
#include <variant>
#include <vector>

namespace madoguchi {

namespace intent {
struct Start {};                                        // the citizen touched the attract screen
struct ChooseLanguage { std::string language; };
struct Back {};
struct StillHere {};                                    // dismisses the idle countdown
struct EndSession {};                                   // "finish" pressed by the citizen
}  // namespace intent

using Intent = std::variant<intent::Start, intent::ChooseLanguage, intent::Back, intent::StillHere,
                            intent::EndSession>;
using Intents = std::vector<Intent>;

}  // namespace madoguchi
