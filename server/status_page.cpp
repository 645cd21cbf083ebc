#include "status_page.hpp"

#include <httplib.h>

#include <charconv>
#include <nlohmann/json.hpp>

#include "server/event_stream.hpp"

namespace madoguchi::server {
namespace {

using nlohmann::json;

constexpr std::string_view k_ticket_path = R"(/t/([A-Za-z0-9_-]{1,64}))";

std::string escape_html(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string parameter(const std::multimap<std::string, std::string>& query, const std::string& name) {
    const auto found = query.find(name);
    return found == query.end() ? std::string() : found->second;
}

bool signed_by_site(StatusContext& context, const std::string& site, const std::string& ticket_id,
                    const std::string& key_id, const std::string& signature) {
    const SigningKey* key = context.keys.find(site);
    return key != nullptr && key_id == key->key_id() &&
           verify_signature(key->public_key(), ticket_signing_message(site, ticket_id), signature);
}

// The block must be this site's and its range must hold the number the kiosk signed: a block key
// cannot vouch for another office's tickets or for numbers it was never given.
// Returns the block and the signed number.
std::optional<std::pair<Block, std::int64_t>> signed_by_block(StatusContext& context, const std::string& site,
                                                              const std::string& ticket_id, const std::string& block_id,
                                                              const std::string& number, const std::string& signature) {
    std::int64_t sequence = 0;
    const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), sequence);
    if (error != std::errc{} || end != number.data() + number.size()) {
        return std::nullopt;
    }
    const auto block = context.blocks.find(block_id, site);
    if (!block || sequence < block->first_sequence || sequence > block->last_sequence ||
        !verify_signature(block->public_key, offline_status_message(site, block_id, ticket_id, sequence), signature)) {
        return std::nullopt;
    }
    return std::pair{*block, sequence};
}

}  // namespace

std::optional<Ticket> verified_ticket(StatusContext& context, const std::string& ticket_id,
                                      const std::multimap<std::string, std::string>& query) {
    const std::string site = parameter(query, "site");
    const auto signature = base64url_decode(parameter(query, "s"));
    if (!signature) {
        return std::nullopt;
    }
    std::optional<std::pair<Block, std::int64_t>> offline;
    if (query.contains("block")) {
        offline =
            signed_by_block(context, site, ticket_id, parameter(query, "block"), parameter(query, "n"), *signature);
        if (!offline) {
            return std::nullopt;
        }
    } else if (!signed_by_site(context, site, ticket_id, parameter(query, "kid"), *signature)) {
        return std::nullopt;
    }
    auto ticket = context.repository.find(ticket_id);
    if (!ticket || ticket->site != site) {
        return std::nullopt;
    }
    // The kiosk signed one number: a reconciled ticket with another is not the one in the QR.
    if (offline && (ticket->service != offline->first.service || ticket->day != offline->first.day ||
                    ticket->sequence != offline->second)) {
        return std::nullopt;
    }
    return *ticket;
}

namespace {

void not_found(httplib::Response& response) {
    response.status = 404;
    response.set_content(
        "<!doctype html><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">"
        "<p>この整理券は見つかりません。<br>This ticket cannot be found.</p>",
        "text/html; charset=utf-8");
}

std::string state_text(const StatusView& view) {
    switch (view.state) {
        case TicketState::waiting: {
            std::string text = "<p class=\"big\">お待ちの方 " + std::to_string(view.ahead) + " 人</p><p>" +
                               std::to_string(view.ahead) + (view.ahead == 1 ? " person" : " people") + " ahead</p>";
            if (view.wait_minutes) {
                const std::string minutes = std::to_string(*view.wait_minutes);
                text += "<p>待ち時間の目安 約 " + minutes + " 分<br>About " + minutes + " min</p>";
            }
            return text;
        }
        case TicketState::called:
        case TicketState::serving: {
            const std::string counter = escape_html(view.counter);
            return "<p class=\"big call\">" + counter + " 番窓口へお越しください</p><p>Please go to counter " +
                   counter + "</p>";
        }
        case TicketState::transferred:
            return "<p>別の窓口へご案内しました。新しい整理券をご確認ください。<br>You were moved to another "
                   "service; please check your new ticket.</p>";
        case TicketState::done:
        case TicketState::no_show:
        case TicketState::cancelled:
            break;
    }
    return "<p>この整理券の受付は終了しました。<br>This ticket is closed.</p>";
}

// Live updates without reloading the page: a site's ticket event fetches this page again and
// swaps in its state block, so the wording stays in state_text alone. Events that arrive while a
// fetch runs cost one more fetch, not one each.
constexpr std::string_view k_live_script =
    "<script>var events=new EventSource(location.pathname+'/events'+location.search);"
    "var fetching=false,stale=false;"
    "function refresh(){if(fetching){stale=true;return;}fetching=true;"
    "fetch(location.href,{cache:'no-store'}).then(function(r){return r.text();}).then(function(html){"
    "var next=new DOMParser().parseFromString(html,'text/html').getElementById('state');"
    "if(next){document.getElementById('state').innerHTML=next.innerHTML;}"
    "}).catch(function(){}).finally(function(){fetching=false;if(stale){stale=false;refresh();}});}"
    "events.addEventListener('ticket',refresh);</script>";

}  // namespace

std::string render_status_html(const StatusView& view) {
    return "<!doctype html><html lang=\"ja\"><head><meta charset=\"utf-8\">"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
           "<title>" +
           escape_html(view.number) +
           "</title><style>body{font-family:sans-serif;margin:1.5em;text-align:center;font-size:1.2em}"
           ".number{font-size:3.5em;font-weight:bold;margin:.2em}.big{font-size:1.5em;margin:.3em}"
           ".call{color:#b00}</style></head><body>"
           "<p>" +
           escape_html(view.service_ja) + "<br>" + escape_html(view.service_en) + "</p><p class=\"number\">" +
           escape_html(view.number) + "</p><div id=\"state\">" + state_text(view) + "</div>" + std::string(k_live_script) +
           "</body></html>";
}

void register_status_routes(httplib::Server& server, StatusContext& context) {
    server.Get(std::string(k_ticket_path), [&context](const httplib::Request& request, httplib::Response& response) {
        const std::optional<Ticket> ticket = verified_ticket(context, request.matches[1].str(), request.params);
        if (!ticket) {
            not_found(response);
            return;
        }
        StatusView view;
        view.number = ticket->number;
        if (const Service* service = context.catalog.service(ticket->service)) {
            view.service_ja = service->name_ja;
            view.service_en = service->name_en;
        }
        view.state = ticket->state;
        view.counter = ticket->counter.value_or("");
        if (ticket->state == TicketState::waiting) {
            const auto ahead = context.repository.people_ahead(*ticket);
            view.ahead = ahead.value_or(0);
            view.wait_minutes = context.waits.minutes(ticket->site, ticket->service, view.ahead, context.clock());
        }
        response.set_header("Cache-Control", "no-store");
        if (request.get_header_value("Accept").find("application/json") != std::string::npos) {
            response.set_content(
                json{{"number", view.number},
                     {"state", state_name(view.state)},
                     {"ahead", view.ahead},
                     {"estimated_wait_minutes", view.wait_minutes ? json(*view.wait_minutes) : json(nullptr)},
                     {"counter", view.counter.empty() ? json(nullptr) : json(view.counter)}}
                    .dump(),
                "application/json");
            return;
        }
        response.set_content(render_status_html(view), "text/html; charset=utf-8");
    });
    server.Get(std::string(k_ticket_path) + "/events", [&context](const httplib::Request& request,
                                                                  httplib::Response& response) {
        const std::optional<Ticket> ticket = verified_ticket(context, request.matches[1].str(), request.params);
        if (!ticket) {
            not_found(response);
            return;
        }
        // A citizen's phone hears of tickets only, never of the office's terminals.
        stream_site_events(request, response, context.events, ticket->site, {k_ticket_event});
    });
}

}  // namespace madoguchi::server
