#pragma once

#include <string>
#include <variant>
#include <vector>

#include "trocar/report/ReportContent.h"

namespace trocar::report {

// The report as a flow of printable blocks: headings, paragraphs, tables of text cells, rows of
// images, a signature block. Every string is final (units included), so a writer only places
// text and pictures, and the PDF's text is the text tested here.

enum class Tone { kPlain, kSafe, kCaution, kUnsafe, kMuted };

struct Cell {
  std::string text;
  Tone tone = Tone::kPlain;
  bool bold = false;
};

struct Heading {
  std::string text;
  int level = 1;  // 1 section, 2 subsection
};

struct Paragraph {
  std::string text;
  bool small = false;
};

struct Table {
  std::vector<Cell> header;
  std::vector<std::vector<Cell>> rows;
  std::vector<double> columnWeights;  // relative widths, one per column
};

// Pictures side by side, each scaled to an equal share of the width; indices into
// ReportContent::images.
struct ImageRow {
  std::vector<int> images;
  double maxHeightMm = 90;
};

struct SignatureBlock {
  std::vector<std::string> fields;
};

struct PageBreak {};

using Block = std::variant<Heading, Paragraph, Table, ImageRow, SignatureBlock, PageBreak>;

struct ReportDocument {
  std::string runningHeader;  // top of every page: title and patient (or "de-identified")
  std::string footer;         // bottom of every page, beside the page number
  std::vector<Block> blocks;
};

ReportDocument layoutDocument(const ReportContent& content);

// The level table's rows (quantity, then one column per needle), shared with text exports.
Table levelTable(const LevelReport& level);
Table cementTable(const CementSummary& cement);
std::string verdictText(core::Verdict verdict);  // "SAFE", "CAUTION", "UNSAFE"

}  // namespace trocar::report
