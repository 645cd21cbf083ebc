#pragma once
// Where the session files a citizen's filled forms once the ticket they belong to is printed.
// The session only asks; ApplicationDesk (application_desk.hpp) seals and queues them.
#include <span>
#include <string_view>

#include "application_payload.hpp"

namespace madoguchi {

class ApplicationPort {
public:
    virtual ~ApplicationPort() = default;
    virtual Result<void, ApplicationError> submit(std::string_view ticket_id, std::span<const FilledForm> forms,
                                                  std::string_view language) = 0;
};

}  // namespace madoguchi
