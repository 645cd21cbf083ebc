#pragma once
// Past days' tickets written straight into the server's database, so that the issue rate can be
// measured with a small and with a large history.
#include <string>

namespace madoguchi::bench {

// Adds finished tickets numbered [first, last) of past days at site "chuo", each with its event
// row, a few hundred a day, in bulk SQL, then settles the database as a long-running one is
// (statistics; on PostgreSQL also vacuumed and checkpointed); the server may be running. Throws
// when the database refuses.
void add_past_tickets(const std::string& storage_url, long first, long last);

}  // namespace madoguchi::bench
