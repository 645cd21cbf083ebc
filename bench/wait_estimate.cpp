// wait_estimate: how far the wait printed on a ticket is from the wait that followed, over
// simulated ward-office days. Each day runs 8:30–17:15: arrivals per service follow the morning
// and early-afternoon peaks, visits last a log-normal time, counters call the longest waiting
// ticket of their services, take a lunch break in turns, and 4 % of the called never come (the
// counter waits 3 minutes, then marks a no-show). At every arrival the server's estimator
// (server/wait_estimate) is given the site's events of the last hour, exactly the rows the server
// reads, and the people ahead. The baseline in the same run is the estimate the server gave
// before: people ahead divided by the service's calls in the last hour.
//
//   wait_estimate [--days N] [--seed S]
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <deque>
#include <optional>
#include <queue>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "server/wait_estimate.hpp"

namespace {

using madoguchi::server::EventRow;
using madoguchi::server::ServiceCapacity;

constexpr std::int64_t k_minute = 60'000;
constexpr std::int64_t k_opens = (8 * 60 + 30) * k_minute;
constexpr std::int64_t k_last_ticket = 17 * 60 * k_minute;
constexpr std::int64_t k_staff_reaction = k_minute / 3;
constexpr std::int64_t k_no_show_wait = 3 * k_minute;
constexpr double k_no_show_share = 0.04;

struct ServiceModel {
    std::string id;
    double arrivals_per_hour;
    double visit_mean_min;
    double visit_sd_min;
};

const std::vector<ServiceModel> k_services{
    {"certificates", 26, 5, 3},
    {"moving", 8, 18, 8},
    {"insurance", 6, 12, 6},
};

struct CounterModel {
    std::string id;
    std::vector<std::string> services;
    std::int64_t break_from;
    std::int64_t break_to;
};

std::int64_t at(int hour, int minute) {
    return (hour * 60 + minute) * k_minute;
}

const std::vector<CounterModel> k_counters{
    {"c1", {"certificates"}, at(11, 30), at(12, 30)},   {"c2", {"certificates"}, at(12, 0), at(13, 0)},
    {"c3", {"certificates"}, at(12, 30), at(13, 30)},   {"c4", {"moving"}, at(11, 30), at(12, 30)},
    {"c5", {"moving"}, at(12, 0), at(13, 0)},           {"c6", {"moving"}, at(12, 30), at(13, 30)},
    {"c7", {"insurance"}, at(12, 0), at(13, 0)},        {"c8", {"insurance", "moving"}, at(11, 45), at(12, 45)},
};

// Arrivals relative to the day's mean, per hour from 8:00.
double arrival_shape(std::int64_t now) {
    static constexpr double by_hour[] = {1.6, 1.5, 1.2, 0.9, 0.7, 1.2, 1.0, 0.8, 0.6, 0.5};
    const auto hour = static_cast<std::size_t>(std::clamp<std::int64_t>(now / (60 * k_minute) - 8, 0, 9));
    return by_hour[hour];
}

struct Ticket {
    std::size_t service;
    std::int64_t issued;
    std::int64_t called = -1;
    std::optional<std::int64_t> estimate;
    std::optional<std::int64_t> baseline;
};

struct Counter {
    enum class State { idle, calling, busy, on_break } state = State::idle;
    std::size_t ticket = 0;
    bool no_show = false;
};

enum class Kind { arrival, ready, visit_end };
struct Happening {
    std::int64_t at;
    Kind kind;
    std::size_t index;
    bool operator>(const Happening& other) const { return at > other.at; }
};

class Day {
public:
    explicit Day(std::uint64_t seed) : m_random(seed) {}

    std::vector<Ticket> run() {
        schedule_arrivals();
        while (!m_agenda.empty()) {
            const Happening next = m_agenda.top();
            m_agenda.pop();
            if (next.kind == Kind::arrival) {
                arrive(next.at, next.index);
            } else if (next.kind == Kind::ready) {
                ready(next.at, next.index);
            } else {
                visit_ends(next.at, next.index);
            }
        }
        return m_tickets;
    }

private:
    // Thinning: candidates at the peak rate, kept in proportion to the rate at their time.
    void schedule_arrivals() {
        for (std::size_t service = 0; service < k_services.size(); ++service) {
            const double peak_per_ms = k_services[service].arrivals_per_hour * 1.6 / (60.0 * k_minute);
            std::exponential_distribution<double> gap(peak_per_ms);
            std::uniform_real_distribution<double> keep(0, 1);
            for (double now = k_opens + gap(m_random); now < k_last_ticket; now += gap(m_random)) {
                if (keep(m_random) * 1.6 < arrival_shape(static_cast<std::int64_t>(now))) {
                    m_tickets.push_back(Ticket{service, static_cast<std::int64_t>(now), -1, std::nullopt, std::nullopt});
                }
            }
        }
        std::ranges::sort(m_tickets, {}, &Ticket::issued);
        for (std::size_t index = 0; index < m_tickets.size(); ++index) {
            m_agenda.push({m_tickets[index].issued, Kind::arrival, index});
        }
    }

    void arrive(std::int64_t now, std::size_t index) {
        Ticket& ticket = m_tickets[index];
        const std::string& service = k_services[ticket.service].id;
        const auto ahead = static_cast<std::int64_t>(std::ranges::count_if(
            m_waiting, [&](std::size_t other) { return m_tickets[other].service == ticket.service; }));
        while (!m_window.empty() && m_window.front().at_ms < now - madoguchi::server::k_estimate_window_ms) {
            m_window.pop_front();
        }
        const std::vector<EventRow> window(m_window.begin(), m_window.end());
        const auto capacity = madoguchi::server::observe_capacity(window, now);
        const auto seen = capacity.find(service);
        const ServiceCapacity observed = seen == capacity.end() ? ServiceCapacity{} : seen->second;
        ticket.estimate = madoguchi::server::estimate_wait_minutes(ahead, observed);
        if (observed.calls > 0) {
            ticket.baseline = (ahead * 60 + observed.calls - 1) / observed.calls;
        }
        record(service, "issued", index, now, "");
        m_waiting.push_back(index);
        for (std::size_t counter = 0; counter < k_counters.size(); ++counter) {
            if (m_counters[counter].state == Counter::State::idle && serves(counter, ticket.service)) {
                m_counters[counter].state = Counter::State::calling;
                m_agenda.push({now + k_staff_reaction, Kind::ready, counter});
            }
        }
    }

    void ready(std::int64_t now, std::size_t index) {
        const CounterModel& model = k_counters[index];
        Counter& counter = m_counters[index];
        if (now >= model.break_from && now < model.break_to) {
            counter.state = Counter::State::on_break;
            m_agenda.push({model.break_to, Kind::ready, index});
            return;
        }
        const auto next = std::ranges::find_if(m_waiting, [&](std::size_t ticket) {
            return serves(index, m_tickets[ticket].service);
        });
        if (next == m_waiting.end()) {
            counter.state = Counter::State::idle;
            return;
        }
        counter.state = Counter::State::busy;
        counter.ticket = *next;
        m_waiting.erase(next);
        Ticket& ticket = m_tickets[counter.ticket];
        ticket.called = now;
        record(k_services[ticket.service].id, "called", counter.ticket, now, model.id);
        std::uniform_real_distribution<double> chance(0, 1);
        counter.no_show = chance(m_random) < k_no_show_share;
        m_agenda.push({now + (counter.no_show ? k_no_show_wait : visit_length(ticket.service)), Kind::visit_end, index});
    }

    void visit_ends(std::int64_t now, std::size_t index) {
        Counter& counter = m_counters[index];
        record(k_services[m_tickets[counter.ticket].service].id, counter.no_show ? "no_show" : "done", counter.ticket,
               now, k_counters[index].id);
        counter.state = Counter::State::calling;
        m_agenda.push({now + k_staff_reaction, Kind::ready, index});
    }

    std::int64_t visit_length(std::size_t service) {
        const ServiceModel& model = k_services[service];
        const double variance = std::log(1 + (model.visit_sd_min * model.visit_sd_min) /
                                                 (model.visit_mean_min * model.visit_mean_min));
        std::lognormal_distribution<double> minutes(std::log(model.visit_mean_min) - variance / 2, std::sqrt(variance));
        return static_cast<std::int64_t>(minutes(m_random) * k_minute);
    }

    bool serves(std::size_t counter, std::size_t service) const {
        return std::ranges::find(k_counters[counter].services, k_services[service].id) !=
               k_counters[counter].services.end();
    }

    void record(const std::string& service, const char* kind, std::size_t ticket, std::int64_t now,
                const std::string& counter) {
        m_window.push_back(EventRow{service, kind, "t" + std::to_string(ticket), now, counter});
    }

    std::mt19937_64 m_random;
    std::vector<Ticket> m_tickets;
    std::vector<std::size_t> m_waiting;  // in issue order
    std::vector<Counter> m_counters = std::vector<Counter>(k_counters.size());
    std::deque<EventRow> m_window;
    std::priority_queue<Happening, std::vector<Happening>, std::greater<>> m_agenda;
};

struct Errors {
    double sum = 0;
    std::vector<double> all;
    void add(double error) {
        sum += error;
        all.push_back(error);
    }
    double mean() const { return all.empty() ? 0 : sum / static_cast<double>(all.size()); }
    double p90() {
        if (all.empty()) {
            return 0;
        }
        std::ranges::sort(all);
        return all[(all.size() * 9) / 10];
    }
};

std::optional<long> number_option(int argc, char** argv, std::string_view name, long fallback) {
    for (int i = 1; i + 1 < argc; ++i) {
        if (argv[i] == name) {
            long value = 0;
            const std::string_view text = argv[i + 1];
            if (std::from_chars(text.data(), text.data() + text.size(), value).ec != std::errc{} || value <= 0) {
                return std::nullopt;
            }
            return value;
        }
    }
    return fallback;
}

}  // namespace

int main(int argc, char** argv) {
    const auto days = number_option(argc, argv, "--days", 30);
    const auto seed = number_option(argc, argv, "--seed", 1);
    if (!days || !seed || argc % 2 == 0) {
        std::fprintf(stderr, "usage: wait_estimate [--days N] [--seed S]\n");
        return 2;
    }
    Errors estimator;
    Errors baseline;
    long tickets = 0;
    long with_estimate = 0;
    long with_baseline = 0;
    double wait_sum = 0;
    for (long day = 0; day < *days; ++day) {
        for (const Ticket& ticket : Day(static_cast<std::uint64_t>(*seed + day)).run()) {
            ++tickets;
            const double waited = static_cast<double>(ticket.called - ticket.issued) / k_minute;
            wait_sum += waited;
            with_estimate += ticket.estimate ? 1 : 0;
            with_baseline += ticket.baseline ? 1 : 0;
            // Compared where both gave a figure; the first arrivals of a day get none from either.
            if (ticket.estimate && ticket.baseline) {
                estimator.add(std::abs(static_cast<double>(*ticket.estimate) - waited));
                baseline.add(std::abs(static_cast<double>(*ticket.baseline) - waited));
            }
        }
    }
    std::printf("simulated days: %ld, tickets: %ld, mean wait %.1f min\n", *days, tickets,
                wait_sum / static_cast<double>(std::max(tickets, 1L)));
    std::printf("estimate given: estimator %ld, baseline %ld; compared on %zu\n", with_estimate, with_baseline,
                estimator.all.size());
    std::printf("estimator (counters and visit times): MAE %.2f min, p90 error %.1f min\n", estimator.mean(),
                estimator.p90());
    std::printf("baseline (calls in the last hour):     MAE %.2f min, p90 error %.1f min\n", baseline.mean(),
                baseline.p90());
    std::printf("estimator MAE / baseline MAE: %.2f\n", baseline.mean() > 0 ? estimator.mean() / baseline.mean() : 0.0);
    return 0;
}
