#include "trocar/ui/PlanAutosave.h"

#include <fstream>

#include <nlohmann/json.hpp>

#include "trocar/core/AtomicFile.h"
#include "trocar/core/PlanJson.h"
#include "trocar/ui/RecentCases.h"

namespace trocar::ui {

PlanAutosave::PlanAutosave(std::filesystem::path file) : file_(std::move(file)) {}

core::Result<std::filesystem::path> PlanAutosave::save(
    const core::Plan& plan, const std::filesystem::path& casePath) const {
  std::error_code ec;
  std::filesystem::create_directories(file_.parent_path(), ec);
  nlohmann::json json;
  json["format"] = "trocar-autosave";
  json["case"] = casePath.string();
  json["savedUtc"] = core::nowUtcIso8601();
  json["plan"] = core::planToJson(plan);
  return core::writeFileAtomically(file_, json.dump(1));
}

std::optional<PlanAutosave::Recovery> PlanAutosave::pending() const {
  std::ifstream in(file_);
  if (!in) return std::nullopt;
  const auto json = nlohmann::json::parse(in, nullptr, false);
  if (!json.is_object() || json.value("format", "") != "trocar-autosave" || !json.contains("plan"))
    return std::nullopt;
  auto plan = core::planFromJson(json["plan"]);
  if (!plan) return std::nullopt;
  Recovery r;
  r.casePath = json.value("case", "");
  r.savedUtc = json.value("savedUtc", "");
  r.plan = std::move(plan).value();
  return r;
}

void PlanAutosave::clear() const {
  std::error_code ec;
  std::filesystem::remove(file_, ec);
}

std::filesystem::path PlanAutosave::defaultFile() {
  return RecentCases::defaultFile().parent_path() / "autosave-plan.json";
}

}  // namespace trocar::ui
