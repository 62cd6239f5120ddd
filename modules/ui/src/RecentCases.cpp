#include "trocar/ui/RecentCases.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>

#include <nlohmann/json.hpp>

namespace trocar::ui {

RecentCases::RecentCases(std::filesystem::path file, size_t maxEntries)
    : file_(std::move(file)), maxEntries_(maxEntries) {
  std::ifstream in(file_);
  if (!in) return;
  // A damaged file only costs the list: never a reason not to start.
  const auto json = nlohmann::json::parse(in, nullptr, false);
  if (!json.is_object() || !json.contains("recent") || !json["recent"].is_array()) return;
  for (const auto& entry : json["recent"])
    if (entry.is_string() && paths_.size() < maxEntries_)
      paths_.emplace_back(entry.get<std::string>());
}

void RecentCases::add(const std::filesystem::path& path) {
  std::error_code ec;
  const auto absolute = std::filesystem::absolute(path, ec).lexically_normal();
  const auto& key = ec ? path : absolute;
  paths_.erase(std::remove(paths_.begin(), paths_.end(), key), paths_.end());
  paths_.insert(paths_.begin(), key);
  if (paths_.size() > maxEntries_) paths_.resize(maxEntries_);
  save();
}

void RecentCases::pruneMissing() {
  const auto before = paths_.size();
  std::erase_if(paths_, [](const auto& p) { return !std::filesystem::exists(p); });
  if (paths_.size() != before) save();
}

std::filesystem::path RecentCases::defaultFile() {
  if (const char* dir = std::getenv("TROCAR_CONFIG_DIR"); dir && *dir)
    return std::filesystem::path(dir) / "recent-cases.json";
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
    return std::filesystem::path(xdg) / "trocar" / "recent-cases.json";
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home ? home : ".") / ".config" / "trocar" / "recent-cases.json";
}

void RecentCases::save() const {
  std::error_code ec;
  std::filesystem::create_directories(file_.parent_path(), ec);
  nlohmann::json json;
  json["recent"] = nlohmann::json::array();
  for (const auto& p : paths_) json["recent"].push_back(p.string());
  std::ofstream(file_) << json.dump(2) << "\n";
}

}  // namespace trocar::ui
