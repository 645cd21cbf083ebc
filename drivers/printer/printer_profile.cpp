#include "printer_profile.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <span>
#include <sstream>

namespace madoguchi::printer {
namespace {

using Unexpected = std::unexpected<ProfileError>;

std::uint32_t line_of(const toml::node& node) { return node.source().begin.line; }

class TableReader {
public:
    TableReader(const toml::table& table, std::string_view file, std::string prefix)
        : m_table(table), m_file(file), m_prefix(std::move(prefix)) {}

    ProfileError error(ProfileErrorCode code, std::string_view key, std::uint32_t line, std::string reason) const {
        return ProfileError{code, std::string(m_file), dotted(key), line, std::move(reason)};
    }

    std::string dotted(std::string_view key) const {
        return m_prefix.empty() ? std::string(key) : m_prefix + "." + std::string(key);
    }

    ProfileResult<void> check_keys(std::initializer_list<std::string_view> known) const {
        for (const auto& [key, node] : m_table) {
            if (std::ranges::find(known, key.str()) == known.end()) {
                return Unexpected(error(ProfileErrorCode::unknown_key, key.str(), line_of(node), "is not a known key"));
            }
        }
        return {};
    }

    ProfileResult<std::string> string(std::string_view key) const {
        const toml::node* node = m_table.get(key);
        if (node == nullptr) {
            return Unexpected(error(ProfileErrorCode::missing_key, key, 0, "is required"));
        }
        if (!node->is_string()) {
            return Unexpected(error(ProfileErrorCode::wrong_type, key, line_of(*node), "must be a string"));
        }
        return std::string(node->as_string()->get());
    }

    ProfileResult<bool> boolean(std::string_view key, bool fallback) const {
        const toml::node* node = m_table.get(key);
        if (node == nullptr) {
            return fallback;
        }
        if (!node->is_boolean()) {
            return Unexpected(error(ProfileErrorCode::wrong_type, key, line_of(*node), "must be true or false"));
        }
        return node->as_boolean()->get();
    }

    ProfileResult<int> integer(std::string_view key, int fallback, std::span<const int> allowed,
                               std::string_view allowed_text) const {
        const toml::node* node = m_table.get(key);
        if (node == nullptr) {
            return fallback;
        }
        if (!node->is_integer()) {
            return Unexpected(error(ProfileErrorCode::wrong_type, key, line_of(*node), "must be an integer"));
        }
        const std::int64_t value = node->as_integer()->get();
        if (std::ranges::find(allowed, value) == allowed.end()) {
            return Unexpected(error(ProfileErrorCode::bad_value, key, line_of(*node),
                                    "must be one of " + std::string(allowed_text)));
        }
        return static_cast<int>(value);
    }

    // A four-digit hexadecimal USB id such as "04b8".
    ProfileResult<std::uint16_t> usb_id(std::string_view key) const {
        const toml::node* node = m_table.get(key);
        if (node == nullptr) {
            return Unexpected(error(ProfileErrorCode::missing_key, key, 0, "is required"));
        }
        if (!node->is_string()) {
            return Unexpected(error(ProfileErrorCode::wrong_type, key, line_of(*node), "must be a string like \"04b8\""));
        }
        const std::string& text = node->as_string()->get();
        const bool hex = text.size() == 4 && std::ranges::all_of(text, [](char c) {
                             return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
                         });
        if (!hex) {
            return Unexpected(error(ProfileErrorCode::bad_value, key, line_of(*node), "must be four hexadecimal digits"));
        }
        return static_cast<std::uint16_t>(std::stoul(text, nullptr, 16));
    }

    std::uint32_t line(std::string_view key) const {
        const toml::node* node = m_table.get(key);
        return node == nullptr ? 0 : line_of(*node);
    }

private:
    const toml::table& m_table;
    std::string_view m_file;
    std::string m_prefix;
};

ProfileResult<UsbId> read_usb(const TableReader& reader) {
    if (auto known = reader.check_keys({"vendor", "product"}); !known) {
        return Unexpected(known.error());
    }
    auto vendor = reader.usb_id("vendor");
    if (!vendor) {
        return Unexpected(vendor.error());
    }
    if (std::ranges::find(k_allowed_vendors, *vendor) == std::end(k_allowed_vendors)) {
        return Unexpected(reader.error(ProfileErrorCode::bad_value, "vendor", reader.line("vendor"),
                                       "is not an allowed printer vendor (Epson 04b8, Star 0519, Citizen 1d90/2730)"));
    }
    auto product = reader.usb_id("product");
    if (!product) {
        return Unexpected(product.error());
    }
    return UsbId{*vendor, *product};
}

ProfileResult<PrinterProfile> read_profile(const toml::table& root, std::string_view file) {
    const TableReader reader(root, file, "");
    if (auto known = reader.check_keys({"name", "dots_per_line", "dots_per_mm", "native_qr", "cutter", "usb"}); !known) {
        return Unexpected(known.error());
    }
    PrinterProfile profile;
    auto name = reader.string("name");
    if (!name) {
        return Unexpected(name.error());
    }
    profile.name = std::move(*name);
    auto dots = reader.integer("dots_per_line", profile.dots_per_line, k_allowed_dots_per_line, "384, 512, 576, 640");
    if (!dots) {
        return Unexpected(dots.error());
    }
    profile.dots_per_line = *dots;
    static constexpr int k_densities[] = {8, 12};  // 203 and 300 dpi heads
    auto density = reader.integer("dots_per_mm", profile.dots_per_mm, k_densities, "8 (203 dpi), 12 (300 dpi)");
    if (!density) {
        return Unexpected(density.error());
    }
    profile.dots_per_mm = *density;
    auto native_qr = reader.boolean("native_qr", profile.native_qr);
    if (!native_qr) {
        return Unexpected(native_qr.error());
    }
    profile.native_qr = *native_qr;
    auto cutter = reader.boolean("cutter", profile.cutter);
    if (!cutter) {
        return Unexpected(cutter.error());
    }
    profile.cutter = *cutter;

    const toml::node* usb = root.get("usb");
    if (usb != nullptr) {
        const toml::array* items = usb->as_array();
        if (items == nullptr || !items->is_array_of_tables()) {
            return Unexpected(reader.error(ProfileErrorCode::wrong_type, "usb", line_of(*usb),
                                           "must be [[usb]] tables with vendor and product"));
        }
        for (std::size_t i = 0; i < items->size(); ++i) {
            const TableReader item(*items->get(i)->as_table(), file, "usb[" + std::to_string(i) + "]");
            auto id = read_usb(item);
            if (!id) {
                return Unexpected(id.error());
            }
            profile.usb.push_back(*id);
        }
    }
    return profile;
}

}  // namespace

bool PrinterProfile::matches(std::uint16_t vendor, std::uint16_t product) const {
    return std::ranges::any_of(usb, [&](const UsbId& id) { return id.vendor == vendor && id.product == product; });
}

std::string ProfileError::describe() const {
    std::string text = file;
    if (line > 0) {
        text += ":" + std::to_string(line);
    }
    text += ": ";
    if (!key.empty()) {
        text += "key " + key + ": ";
    }
    return text + reason;
}

ProfileResult<PrinterProfile> parse_profile(std::string_view text, std::string_view file_name) {
    toml::table root;
    try {
        root = toml::parse(text, file_name);
    } catch (const toml::parse_error& error) {
        return Unexpected(ProfileError{ProfileErrorCode::syntax, std::string(file_name), "",
                                       error.source().begin.line, std::string(error.description())});
    }
    return read_profile(root, file_name);
}

ProfileResult<PrinterProfile> load_profile(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        return Unexpected(ProfileError{ProfileErrorCode::unreadable, path.string(), "", 0, "cannot be read"});
    }
    std::ostringstream text;
    text << file.rdbuf();
    return parse_profile(text.str(), path.string());
}

}  // namespace madoguchi::printer
