#include "trocar/report/ReportDocument.h"

#include <algorithm>
#include <utility>

namespace trocar::report {
namespace {

const char* kNotRecorded = "not recorded";

std::string orNotRecorded(const std::string& s) { return s.empty() ? kNotRecorded : s; }

Tone verdictTone(core::Verdict v) {
  return v == core::Verdict::kSafe
             ? Tone::kSafe
             : (v == core::Verdict::kCaution ? Tone::kCaution : Tone::kUnsafe);
}

// A margin below zero is a breach: shown in the unsafe colour whatever the verdict says.
Cell marginCell(const Measure& m) {
  return {formatMeasure(m), m.applicable && m.value < 0 ? Tone::kUnsafe : Tone::kPlain, false};
}

Table keyValueTable(const std::vector<std::pair<std::string, std::string>>& rows,
                    std::vector<double> weights = {1, 2.6}) {
  Table t;
  t.columnWeights = std::move(weights);
  for (const auto& [key, value] : rows)
    t.rows.push_back({Cell{key, Tone::kMuted, false}, Cell{value}});
  return t;
}

Table patientTable(const PatientHeader& p) {
  std::vector<std::pair<std::string, std::string>> rows = {
      {"Patient name", orNotRecorded(p.patientName)},
      {"Patient ID", orNotRecorded(p.patientId)},
      {"Birth date", orNotRecorded(p.birthDate)},
      {p.deidentified ? "Age band" : "Age", orNotRecorded(p.age)},
      {"Sex", orNotRecorded(p.sex)},
      {p.deidentified ? "Study year" : "Study date", orNotRecorded(p.studyDate)},
      {"Study", orNotRecorded(p.studyDescription)},
      {"Series", orNotRecorded(p.seriesDescription)},
      {"Modality", orNotRecorded(p.modality)},
      {"Institution", orNotRecorded(p.institution)},
      {"Study instance UID", orNotRecorded(p.studyInstanceUid)},
      {"Series instance UID", orNotRecorded(p.seriesInstanceUid)},
      {"Scan", orNotRecorded(p.scanGeometry)},
      {"Voxel checksum", orNotRecorded(p.volumeChecksum)},
  };
  return keyValueTable(rows);
}

Table summaryTable(const ReportContent& c) {
  Table t;
  t.columnWeights = {0.7, 1.1, 1.6, 1.9, 1.0};
  t.header = {{"Level", Tone::kPlain, true},
              {"Strategy", Tone::kPlain, true},
              {"Needles", Tone::kPlain, true},
              {"Cement plan", Tone::kPlain, true},
              {"Worst verdict", Tone::kPlain, true}};
  for (const auto& l : c.levels) {
    std::string needles;
    for (const auto& n : l.needles) needles += (needles.empty() ? "" : ", ") + n.id;
    // The limit only where the stop criterion uses it: a limit that stops nothing would mislead.
    const std::string cement =
        formatMeasure(l.plannedVolume) + " " + l.viscosity + " viscosity at " +
        formatMeasure(l.injectionRate) + " from " + formatMeasure(l.startAfterMixing) +
        " after mixing, stop: " + l.stopCriterion +
        (l.pressureLimit.applicable ? " at " + formatMeasure(l.pressureLimit) : "");
    t.rows.push_back({Cell{l.name, Tone::kPlain, true}, Cell{l.strategy},
                      Cell{needles.empty() ? "none" : needles}, Cell{cement},
                      Cell{verdictText(l.worstVerdict), verdictTone(l.worstVerdict), true}});
  }
  return t;
}

std::string vertebraLine(const LevelReport& l) {
  const VertebraSummary& v = *l.vertebra;
  std::string s = "Vertebra " + l.name + ": height loss " + formatMeasure(v.heightLoss) +
                  " (Genant grade " + std::to_string(v.genantGrade) + "), body volume " +
                  formatMeasure(v.bodyVolume) + ", cancellous bone " +
                  formatMeasure(v.cancellousDensity) +
                  (v.partial ? ", partly outside the scan" : "") + ".";
  for (const auto& w : v.warnings) s += " " + w + ".";
  return s;
}

}  // namespace

std::string verdictText(core::Verdict verdict) {
  switch (verdict) {
    case core::Verdict::kSafe:
      return "SAFE";
    case core::Verdict::kCaution:
      return "CAUTION";
    case core::Verdict::kUnsafe:
      return "UNSAFE";
  }
  return "?";
}

Table levelTable(const LevelReport& level) {
  Table t;
  t.columnWeights.push_back(1.25);
  t.header.push_back({"", Tone::kPlain, true});
  for (const auto& n : level.needles) {
    t.header.push_back({n.id, Tone::kPlain, true});
    t.columnWeights.push_back(1.0);
  }
  // One row per quantity: label, then the value of each needle.
  const auto row = [&](const std::string& label, auto cellOf) {
    std::vector<Cell> cells{Cell{label, Tone::kMuted, false}};
    for (const auto& n : level.needles) cells.push_back(cellOf(n));
    t.rows.push_back(std::move(cells));
  };
  const auto text = [](auto field) {
    return [field](const NeedleReport& n) { return Cell{field(n)}; };
  };
  row("Approach", text([](const NeedleReport& n) { return n.approach; }));
  row("Side", text([](const NeedleReport& n) { return n.side; }));
  row("Gauge (outer diameter)", text([](const NeedleReport& n) {
        return formatMeasure(n.gauge) + " (" + formatMeasure(n.outerDiameter) + ")";
      }));
  row("Needle length", text([](const NeedleReport& n) { return formatMeasure(n.needleLength); }));
  row("Needle left outside the skin",
      text([](const NeedleReport& n) { return formatMeasure(n.spareLength); }));
  row("Transverse angle (+ medial)",
      text([](const NeedleReport& n) { return formatMeasure(n.transverseAngle); }));
  row("Sagittal angle (+ caudal)",
      text([](const NeedleReport& n) { return formatMeasure(n.sagittalAngle); }));
  row("Skin to target", text([](const NeedleReport& n) { return formatMeasure(n.skinToTarget); }));
  row("Bone entry to target",
      text([](const NeedleReport& n) { return formatMeasure(n.boneToTarget); }));
  row("Margin to canal", [](const NeedleReport& n) { return marginCell(n.canalMargin); });
  row("Margin to medial pedicle wall",
      [](const NeedleReport& n) { return marginCell(n.medialWallMargin); });
  row("Margin to inferior pedicle wall",
      [](const NeedleReport& n) { return marginCell(n.inferiorWallMargin); });
  row("Margin to superior endplate",
      [](const NeedleReport& n) { return marginCell(n.superiorEndplateMargin); });
  row("Margin to inferior endplate",
      [](const NeedleReport& n) { return marginCell(n.inferiorEndplateMargin); });
  row("Margin to anterior cortex",
      [](const NeedleReport& n) { return marginCell(n.anteriorCortexMargin); });
  row("C-arm true AP", text([](const NeedleReport& n) { return n.trueAp; }));
  row("C-arm true lateral", text([](const NeedleReport& n) { return n.trueLateral; }));
  row("C-arm down the barrel", text([](const NeedleReport& n) { return n.downTheBarrel; }));
  row("C-arm en face pedicle", text([](const NeedleReport& n) { return n.enFacePedicle; }));
  row("Verdict", [](const NeedleReport& n) {
    return Cell{verdictText(n.verdict), verdictTone(n.verdict), true};
  });
  row("Reasons", [](const NeedleReport& n) {
    std::string s;
    for (const auto& r : n.reasons) s += (s.empty() ? "- " : "\n- ") + r;
    return Cell{s.empty() ? "none" : s};
  });
  return t;
}

Table cementTable(const CementSummary& c) {
  std::vector<std::pair<std::string, std::string>> rows = {
      {"Injected", formatMeasure(c.injected)},
      {"Retained in the vertebra", formatMeasure(c.retained)},
      {"Leaked, total", formatMeasure(c.leaked)},
  };
  for (const auto& [destination, volume] : c.leaksByDestination)
    rows.emplace_back("Leak: " + destination, formatMeasure(volume));
  rows.emplace_back("Vertebral body filled", formatMeasure(c.bodyFill));
  rows.emplace_back("Injected / body volume (" + formatMeasure(c.bodyVolume) + ")",
                    formatMeasure(c.injectedToBody));
  rows.emplace_back("Superior endplate contact",
                    std::string(c.touchesSuperiorEndplate ? "yes" : "no") + " (" +
                        formatMeasure(c.superiorContact) + ")");
  rows.emplace_back("Inferior endplate contact",
                    std::string(c.touchesInferiorEndplate ? "yes" : "no") + " (" +
                        formatMeasure(c.inferiorContact) + ")");
  for (const auto& [needle, pressure] : c.peakPressureByNeedle)
    rows.emplace_back("Peak pressure at " + needle + " tip", formatMeasure(pressure));
  rows.emplace_back("Injection time", formatMeasure(c.duration));
  rows.emplace_back("Stopped because", c.stopReason);
  rows.emplace_back("Model", c.model);
  Table t = keyValueTable(rows);
  // A leak anywhere is what the operator must see first.
  for (auto& r : t.rows)
    if (r[0].text.rfind("Leak", 0) == 0 && r[1].text != formatMeasure(millilitres(0)))
      r[1].tone = Tone::kCaution;
  return t;
}

ReportDocument layoutDocument(const ReportContent& c) {
  ReportDocument d;
  d.runningHeader = "Trocar - " + c.title + " - " +
                    (c.patient.deidentified          ? std::string("de-identified")
                     : c.patient.patientName.empty() ? std::string("patient name not recorded")
                                                     : c.patient.patientName);
  d.footer = "Report " + c.approval.reportCreatedUtc + " - planning aid, verify under fluoroscopy";
  auto& b = d.blocks;

  b.push_back(Heading{c.title, 1});
  b.push_back(Heading{"Patient and study", 2});
  b.push_back(patientTable(c.patient));
  if (c.patient.deidentified)
    b.push_back(Paragraph{
        "De-identified: name, ID, birth date, UIDs and institution removed; age kept as a ten-year "
        "band, study date as its year; the plan's notes (free text) left out.",
        true});

  b.push_back(Heading{"Plan summary", 2});
  b.push_back(summaryTable(c));
  b.push_back(Paragraph{"Prepared by " + orNotRecorded(c.approval.reportBy) + " on " +
                            c.approval.reportCreatedUtc + "; plan by " +
                            orNotRecorded(c.approval.plannedBy) + ", created " +
                            orNotRecorded(c.approval.planCreatedUtc) + ", modified " +
                            orNotRecorded(c.approval.planModifiedUtc) + ".",
                        true});
  if (!c.notes.empty()) b.push_back(Paragraph{"Notes: " + c.notes, false});
  for (const auto& n : c.caseNotes) b.push_back(Paragraph{n, true});
  b.push_back(
      Paragraph{"Angles in degrees: transverse + towards the midline, sagittal + caudal, in the "
                "vertebra's own "
                "planes. Margins in mm from the needle's surface, negative inside the structure. "
                "C-arm angles: "
                "where the detector sits (LAO/RAO, CRAN/CAUD).",
                true});

  for (const auto& l : c.levels) {
    b.push_back(
        Heading{l.name + " - " + l.strategy + ", worst verdict " + verdictText(l.worstVerdict), 2});
    if (l.vertebra) b.push_back(Paragraph{vertebraLine(l), true});
    if (l.needles.empty())
      b.push_back(Paragraph{"No needle planned at " + l.name + ".", false});
    else
      b.push_back(levelTable(l));
    if (l.cement) {
      b.push_back(Heading{l.name + " cement simulation", 3});
      b.push_back(cementTable(*l.cement));
    }
  }
  const bool anyCement = std::any_of(c.levels.begin(), c.levels.end(),
                                     [](const auto& l) { return l.cement.has_value(); });
  if (!anyCement) b.push_back(Paragraph{"Cement: not simulated for this report.", true});

  if (!c.images.empty() || !c.omittedImages.empty()) {
    b.push_back(PageBreak{});
    b.push_back(Heading{"Key images", 2});
    // Pairs side by side, in the order given; a wide picture (the 3D view) gets its own row.
    ImageRow row;
    for (int i = 0; i < int(c.images.size()); ++i) {
      const KeyImage& img = c.images[size_t(i)];
      const bool wide = img.width > img.height * 5 / 4;
      if (wide) {
        if (!row.images.empty()) b.push_back(std::exchange(row, {}));
        b.push_back(ImageRow{{i}, 110});
        continue;
      }
      row.images.push_back(i);
      if (row.images.size() == 2) b.push_back(std::exchange(row, {}));
    }
    if (!row.images.empty()) b.push_back(row);
    for (const auto& o : c.omittedImages)
      b.push_back(Paragraph{o.title + ": not included - " + o.reason, true});
  }

  b.push_back(Heading{"Approval", 2});
  b.push_back(Paragraph{c.approval.statement, false});
  b.push_back(Paragraph{c.approval.approvedBy.empty()
                            ? std::string("Not yet approved in the workstation.")
                            : "Approved in the workstation by " + c.approval.approvedBy + " on " +
                                  c.approval.approvedUtc + ".",
                        false});
  b.push_back(SignatureBlock{c.approval.fields});
  b.push_back(Heading{"Disclaimer", 3});
  b.push_back(Paragraph{c.disclaimer, true});
  return d;
}

}  // namespace trocar::report
