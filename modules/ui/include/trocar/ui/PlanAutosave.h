#pragma once

#include <filesystem>
#include <optional>

#include "trocar/core/Plan.h"
#include "trocar/core/Result.h"

namespace trocar::ui {

// Unsaved plan edits kept on disk so that a crash loses nothing: the plan and the case it belongs
// to, rewritten atomically after every edit and removed once the plan is saved or the user
// discards it. At the next start, a file still there means the last session ended with unsaved
// work, and the workstation offers it back.
class PlanAutosave {
 public:
  explicit PlanAutosave(std::filesystem::path file);

  struct Recovery {
    std::filesystem::path casePath;
    core::Plan plan;
    std::string savedUtc;
  };

  core::Result<std::filesystem::path> save(const core::Plan& plan,
                                           const std::filesystem::path& casePath) const;
  // The unsaved work of a previous session, if any (a damaged file counts as none).
  std::optional<Recovery> pending() const;
  void clear() const;
  const std::filesystem::path& file() const { return file_; }

  // Beside the recent-cases list: $TROCAR_CONFIG_DIR or ~/.config/trocar.
  static std::filesystem::path defaultFile();

 private:
  std::filesystem::path file_;
};

}  // namespace trocar::ui
