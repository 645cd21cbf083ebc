#include <doctest/doctest.h>

#include "kiosk/sse_parser.hpp"

using namespace madoguchi;

namespace {

constexpr std::string_view k_stream =
    ": keep-alive\n\n"
    "id: 7\nevent: ticket\ndata: {\"number\":\"A-001\"}\n\n"
    "id: 8\r\nevent: ticket\r\ndata: first\r\ndata: second\r\n\r\n";

}  // namespace

TEST_CASE("server-sent events: messages, comments and ids, however the bytes are cut") {
    for (std::size_t piece = 1; piece <= k_stream.size(); ++piece) {
        CAPTURE(piece);
        SseParser parser;
        std::vector<SseMessage> messages;
        for (std::size_t at = 0; at < k_stream.size(); at += piece) {
            for (SseMessage& message : parser.feed(k_stream.substr(at, piece))) {
                messages.push_back(std::move(message));
            }
        }
        REQUIRE(messages.size() == 2);
        CHECK(messages[0].event == "ticket");
        CHECK(messages[0].data == R"({"number":"A-001"})");
        CHECK(messages[0].id == "7");
        CHECK(messages[1].data == "first\nsecond");
        CHECK(parser.last_id() == "8");
    }
}

TEST_CASE("server-sent events: nothing before the blank line, no message without data") {
    SseParser parser;
    CHECK(parser.feed("event: ticket\ndata: {}").empty());
    CHECK(parser.feed("\n").empty());
    CHECK(parser.feed("\n").size() == 1);
    CHECK(parser.feed("event: ticket\nid: 3\n\n").empty());
    CHECK(parser.last_id() == "3");
    const auto plain = parser.feed("data:no space\n\n");
    REQUIRE(plain.size() == 1);
    CHECK(plain[0].event == "message");
    CHECK(plain[0].data == "no space");
}
