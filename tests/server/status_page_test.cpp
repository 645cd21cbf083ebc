#include <doctest/doctest.h>

#include "server/status_page.hpp"

using namespace madoguchi::server;

TEST_CASE("the status page shows the number, the people ahead and later the counter, in both languages") {
    StatusView view{"A-012", "証明書", "Certificates", TicketState::waiting, "", 4, 20};
    std::string html = render_status_html(view);
    CHECK(html.find("A-012") != std::string::npos);
    CHECK(html.find("お待ちの方 4 人") != std::string::npos);
    CHECK(html.find("4 people ahead") != std::string::npos);
    CHECK(html.find("約 20 分") != std::string::npos);
    CHECK(html.find("EventSource") != std::string::npos);

    view.state = TicketState::called;
    view.counter = "c3";
    html = render_status_html(view);
    CHECK(html.find("c3 番窓口") != std::string::npos);
    CHECK(html.find("Please go to counter c3") != std::string::npos);

    view.state = TicketState::done;
    CHECK(render_status_html(view).find("closed") != std::string::npos);
}

TEST_CASE("text on the status page is escaped") {
    const StatusView view{"<b>", "&", "\"", TicketState::called, "<script>", 0, std::nullopt};
    const std::string html = render_status_html(view);
    CHECK(html.find("<b>") == std::string::npos);
    CHECK(html.find("&lt;script&gt;") != std::string::npos);
    CHECK(html.find("&amp;") != std::string::npos);
}
