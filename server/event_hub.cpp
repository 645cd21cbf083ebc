#include "event_hub.hpp"

#include <algorithm>

namespace madoguchi::server {

void EventHub::forward_to(Forwarder forwarder) {
    m_forwarder = std::move(forwarder);
}

void EventHub::publish(const std::string& site, std::string data, std::string_view event) {
    if (m_forwarder) {
        m_forwarder(site, data, event);
    }
    deliver(site, std::move(data), event);
}

void EventHub::deliver(const std::string& site, std::string data, std::string_view event) {
    {
        const std::lock_guard lock(m_mutex);
        m_messages.push_back(HubMessage{++m_last_id, site, std::move(data), std::string(event)});
        if (m_messages.size() > m_backlog) {
            m_messages.pop_front();
        }
    }
    m_changed.notify_all();
}

std::vector<HubMessage> EventHub::wait(const std::string& site, std::uint64_t after,
                                       std::chrono::milliseconds timeout, const std::vector<std::string_view>& events) {
    std::unique_lock lock(m_mutex);
    const auto wanted = [&events](const HubMessage& message) {
        return events.empty() || std::ranges::find(events, message.event) != events.end();
    };
    const auto collect = [&] {
        std::vector<HubMessage> found;
        for (const HubMessage& message : m_messages) {
            if (message.id > after && message.site == site && wanted(message)) {
                found.push_back(message);
            }
        }
        return found;
    };
    std::vector<HubMessage> found;
    m_changed.wait_for(lock, timeout, [&] {
        found = m_closed ? std::vector<HubMessage>{} : collect();
        return m_closed || !found.empty();
    });
    return found;
}

std::uint64_t EventHub::last_id() const {
    const std::lock_guard lock(m_mutex);
    return m_last_id;
}

void EventHub::close() {
    {
        const std::lock_guard lock(m_mutex);
        m_closed = true;
    }
    m_changed.notify_all();
}

bool EventHub::closed() const {
    const std::lock_guard lock(m_mutex);
    return m_closed;
}

}  // namespace madoguchi::server
