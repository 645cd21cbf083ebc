#pragma once
// Serves an EventHub as a server-sent event stream: for terminals (the API) and for the status
// page on a citizen's phone.
#include <httplib.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "server/event_hub.hpp"

namespace madoguchi::server {

// Streams `site`'s messages newer than the Last-Event-ID header (or, without it, from now on),
// of the named events only (every event when `events` is empty).
void stream_site_events(const httplib::Request& request, httplib::Response& response, EventHub& hub,
                        const std::string& site, std::vector<std::string_view> events = {});

}  // namespace madoguchi::server
