#include "trocar/segment/AnatomyJson.h"

#include <fstream>
#include <system_error>

#include <unistd.h>

namespace trocar::segment {

namespace {
nlohmann::json vec(const core::Vec3& v) { return nlohmann::json::array({v.x, v.y, v.z}); }

nlohmann::json pedicle(const PedicleAnatomy& p) {
  if (!p.found) return nullptr;
  return {{"isthmus_centre_mm", vec(p.isthmusCentreMm)},
          {"axis", vec(p.axis)},
          {"isthmus_width_mm", p.isthmusWidthMm},
          {"isthmus_height_mm", p.isthmusHeightMm}};
}
}  // namespace

std::string partName(Part part) {
  switch (part) {
    case Part::kBackground: return "background";
    case Part::kBody: return "body";
    case Part::kLeftPedicle: return "left pedicle";
    case Part::kRightPedicle: return "right pedicle";
    case Part::kPosteriorElements: return "posterior elements";
    case Part::kCanal: return "canal";
  }
  return "?";
}

nlohmann::json anatomyToJson(const SpineAnatomy& a) {
  nlohmann::json levels = nlohmann::json::array();
  for (const auto& v : a.vertebrae) {
    nlohmann::json lows = nlohmann::json::array();
    for (const auto& l : v.lowDensityRegions)
      lows.push_back({{"centre_mm", vec(l.centreMm)}, {"volume_ml", l.volumeMl}, {"mean_hu", l.meanHu}});
    levels.push_back({
        {"label", v.label},
        {"name", v.name},
        {"partial", v.partial},
        {"has_ribs", v.hasRibs},
        {"centroid_mm", vec(v.centroidMm)},
        {"body_centroid_mm", vec(v.bodyCentroidMm)},
        {"frame",
         {{"origin_mm", vec(v.frame.originMm)},
          {"left", vec(v.frame.left)},
          {"anterior", vec(v.frame.anterior)},
          {"superior", vec(v.frame.superior)}}},
        {"superior_endplate_centre_mm", vec(v.superiorEndplateCentreMm)},
        {"inferior_endplate_centre_mm", vec(v.inferiorEndplateCentreMm)},
        {"height_anterior_mm", v.anteriorHeightMm},
        {"height_middle_mm", v.middleHeightMm},
        {"height_posterior_mm", v.posteriorHeightMm},
        {"height_loss_fraction", v.heightLossFraction},
        {"genant_grade", v.genantGrade},
        {"left_pedicle", pedicle(v.leftPedicle)},
        {"right_pedicle", pedicle(v.rightPedicle)},
        {"canal_centre_mm", vec(v.canalCentreMm)},
        {"canal_area_mm2", v.canalAreaMm2},
        {"body_volume_ml", v.bodyVolumeMl},
        {"vertebra_volume_ml", v.vertebraVolumeMl},
        {"cancellous_mean_hu", v.cancellousMeanHu},
        {"low_density_regions", lows},
        {"metal", v.metal},
        {"warnings", v.warnings},
    });
  }
  return {{"coordinates", "LPS mm"},
          {"numbering", "VerSe: 1-7 C1-C7, 8-19 T1-T12, 20-24 L1-L5, 25 L6, 26 sacrum, 28 T13"},
          {"parts", {{"1", "body"}, {"2", "left pedicle"}, {"3", "right pedicle"},
                     {"4", "posterior elements"}, {"5", "canal"}}},
          {"level_confidence", a.levelConfidence},
          {"level_reasoning", a.levelReasoning},
          {"warnings", a.warnings},
          {"vertebrae", levels}};
}

core::Result<std::filesystem::path> writeAnatomyJson(const SpineAnatomy& anatomy, const std::filesystem::path& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
  fs::path tmp = path;
  tmp.replace_filename(".tmp-" + std::to_string(::getpid()) + "-" + path.filename().string());
  {
    std::ofstream out(tmp);
    if (!out) return core::Error{path.string(), "cannot open for writing"};
    out << anatomyToJson(anatomy).dump(2) << "\n";
    if (!out) return core::Error{path.string(), "cannot write the anatomy"};
  }
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return core::Error{path.string(), "cannot move the written file into place: " + ec.message()};
  }
  return path;
}

}  // namespace trocar::segment
