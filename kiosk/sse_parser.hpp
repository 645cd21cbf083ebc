#pragma once
// Server-sent events (the WHATWG event-stream format) cut into messages as bytes arrive, in
// whatever pieces the network delivers them.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi {

struct SseMessage {
    std::string event = "message";
    std::string data;
    std::optional<std::string> id;
};

class SseParser {
public:
    // Returns the messages completed by `bytes`; a partial line waits for the next call.
    std::vector<SseMessage> feed(std::string_view bytes);
    // The last id the stream named, for Last-Event-ID when reconnecting.
    const std::string& last_id() const { return m_last_id; }

private:
    void take_line(std::string_view line, std::vector<SseMessage>& done);

    std::string m_partial;
    SseMessage m_current;
    bool m_has_data = false;
    std::string m_last_id;
};

}  // namespace madoguchi
