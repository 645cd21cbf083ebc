#include "metrics.hpp"

namespace madoguchi::server {

void Metrics::count_response(int status) {
    const auto index = static_cast<std::size_t>(status / 100);
    if (index < m_responses.size()) {
        ++m_responses[index];
    }
}

std::string Metrics::render() const {
    std::string text;
    text += "# HELP madoguchi_http_responses_total HTTP responses sent, by status class.\n";
    text += "# TYPE madoguchi_http_responses_total counter\n";
    for (std::size_t index = 1; index < m_responses.size(); ++index) {
        text += "madoguchi_http_responses_total{class=\"" + std::to_string(index) + "xx\"} " +
                std::to_string(m_responses[index].load()) + "\n";
    }
    text += "# HELP madoguchi_tickets_issued_total Tickets issued.\n";
    text += "# TYPE madoguchi_tickets_issued_total counter\n";
    text += "madoguchi_tickets_issued_total " + std::to_string(m_issued.load()) + "\n";
    text += "# HELP madoguchi_tickets_called_total Tickets called to a counter.\n";
    text += "# TYPE madoguchi_tickets_called_total counter\n";
    text += "madoguchi_tickets_called_total " + std::to_string(m_called.load()) + "\n";
    text += "# HELP madoguchi_idempotent_replays_total Requests answered again from their idempotency key.\n";
    text += "# TYPE madoguchi_idempotent_replays_total counter\n";
    text += "madoguchi_idempotent_replays_total " + std::to_string(m_replays.load()) + "\n";
    return text;
}

}  // namespace madoguchi::server
