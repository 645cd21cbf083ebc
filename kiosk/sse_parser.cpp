#include "sse_parser.hpp"

namespace madoguchi {

std::vector<SseMessage> SseParser::feed(std::string_view bytes) {
    std::vector<SseMessage> done;
    m_partial.append(bytes);
    std::size_t start = 0;
    while (true) {
        const std::size_t end = m_partial.find_first_of("\r\n", start);
        if (end == std::string::npos) {
            break;
        }
        // CRLF is one line end; a CR at the very end may still be followed by its LF.
        if (m_partial[end] == '\r' && end + 1 == m_partial.size()) {
            break;
        }
        take_line(std::string_view(m_partial).substr(start, end - start), done);
        start = end + 1;
        if (m_partial[end] == '\r' && m_partial[start] == '\n') {
            ++start;
        }
    }
    m_partial.erase(0, start);
    return done;
}

void SseParser::take_line(std::string_view line, std::vector<SseMessage>& done) {
    if (line.empty()) {
        if (m_has_data) {
            if (!m_current.data.empty() && m_current.data.back() == '\n') {
                m_current.data.pop_back();
            }
            done.push_back(std::move(m_current));
        }
        m_current = SseMessage{};
        m_has_data = false;
        return;
    }
    if (line.front() == ':') {
        return;  // a comment: the server's keep-alive
    }
    const std::size_t colon = line.find(':');
    const std::string_view field = line.substr(0, colon);
    std::string_view value = colon == std::string_view::npos ? std::string_view{} : line.substr(colon + 1);
    if (value.starts_with(' ')) {
        value.remove_prefix(1);
    }
    if (field == "data") {
        m_current.data.append(value);
        m_current.data.push_back('\n');
        m_has_data = true;
    } else if (field == "event") {
        m_current.event = std::string(value);
    } else if (field == "id" && value.find('\0') == std::string_view::npos) {
        m_current.id = std::string(value);
        m_last_id = std::string(value);
    }
}

}  // namespace madoguchi
