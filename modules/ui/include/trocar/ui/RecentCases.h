#pragma once

#include <filesystem>
#include <vector>

namespace trocar::ui {

// The cases opened lately, most recent first, kept in a small JSON file so they survive restarts.
class RecentCases {
 public:
  explicit RecentCases(std::filesystem::path file, size_t maxEntries = 10);

  const std::vector<std::filesystem::path>& paths() const { return paths_; }
  // Moves `path` to the front (adding it when new) and saves the file.
  void add(const std::filesystem::path& path);
  // Drops entries that no longer exist on disk.
  void pruneMissing();

  // ~/.config/trocar/recent-cases.json, or $TROCAR_CONFIG_DIR/recent-cases.json when set (tests).
  static std::filesystem::path defaultFile();

 private:
  void save() const;
  std::filesystem::path file_;
  size_t maxEntries_;
  std::vector<std::filesystem::path> paths_;
};

}  // namespace trocar::ui
