#include "trocar/report_pdf/ReportPdf.h"

#include <QBuffer>
#include <QByteArray>
#include <QImage>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>

#include <algorithm>
#include <numeric>
#include <type_traits>

#include "PageFlow.h"
#include "trocar/core/AtomicFile.h"
#include "trocar/report/ReportDocument.h"

namespace trocar::report_pdf {
namespace {

using report::Tone;

constexpr int kDotsPerInch = 300;
constexpr double kCellPadXMm = 1.2, kCellPadYMm = 0.8;

QString q(const std::string& s) { return QString::fromStdString(s); }

QColor textColour(Tone tone) {
  switch (tone) {
    case Tone::kSafe:
      return {0, 110, 40};
    case Tone::kCaution:
      return {170, 95, 0};
    case Tone::kUnsafe:
      return {190, 0, 0};
    case Tone::kMuted:
      return {70, 70, 70};
    case Tone::kPlain:
      break;
  }
  return {0, 0, 0};
}

QColor cellBackground(Tone tone) {
  switch (tone) {
    case Tone::kSafe:
      return {225, 245, 228};
    case Tone::kCaution:
      return {253, 240, 210};
    case Tone::kUnsafe:
      return {250, 222, 222};
    default:
      break;
  }
  return Qt::transparent;
}

// Draws the blocks; with a measuring-only flow it counts the pages and places nothing.
class BlockWriter {
 public:
  BlockWriter(PageFlow& flow, const report::ReportContent& content,
              std::vector<PlacedImage>* placed)
      : flow_(flow), content_(content), placed_(placed) {}

  void operator()(const report::Heading& h) {
    const double sizes[] = {16, 12.5, 10.5};
    const double before[] = {0, 5, 3.5};
    const QFont font = reportFont(sizes[std::clamp(h.level, 1, 3) - 1], true);
    const double height = flow_.textHeightMm(q(h.text), font, flow_.contentWidthMm());
    if (!flow_.atPageTop()) flow_.advance(before[std::clamp(h.level, 1, 3) - 1]);
    // Keep a heading with the start of what it introduces.
    flow_.ensureSpace(height + 25);
    flow_.drawText(q(h.text), font, h.level == 1 ? QColor(20, 40, 90) : QColor(0, 0, 0),
                   flow_.leftMm(), flow_.yMm(), flow_.contentWidthMm());
    flow_.advance(height + 1.5);
  }

  void operator()(const report::Paragraph& p) {
    const QFont font = reportFont(p.small ? 7.5 : 9);
    const double height = flow_.textHeightMm(q(p.text), font, flow_.contentWidthMm());
    flow_.ensureSpace(height);
    flow_.drawText(q(p.text), font, p.small ? QColor(60, 60, 60) : QColor(0, 0, 0), flow_.leftMm(),
                   flow_.yMm(), flow_.contentWidthMm());
    flow_.advance(height + 1.5);
  }

  void operator()(const report::Table& t) {
    const size_t columns =
        !t.header.empty() ? t.header.size() : (t.rows.empty() ? 0 : t.rows.front().size());
    if (columns == 0) return;
    std::vector<double> weights = t.columnWeights;
    weights.resize(columns, 1.0);
    const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
    widthsMm_.clear();
    for (double w : weights) widthsMm_.push_back(flow_.contentWidthMm() * w / total);

    const double headerHeight = t.header.empty() ? 0 : rowHeight(t.header);
    const double firstRow = t.rows.empty() ? 0 : rowHeight(t.rows.front());
    flow_.ensureSpace(headerHeight + firstRow);
    if (!t.header.empty()) drawRow(t.header, true, false);
    for (size_t r = 0; r < t.rows.size(); ++r) {
      const double height = rowHeight(t.rows[r]);
      if (height > flow_.remainingMm()) {
        flow_.newPage();
        if (!t.header.empty()) drawRow(t.header, true, false);
      }
      drawRow(t.rows[r], false, r % 2 == 1);
    }
    flow_.advance(2.5);
  }

  void operator()(const report::ImageRow& row) {
    if (row.images.empty()) return;
    const double gapMm = 6;
    const double cellMm = (flow_.contentWidthMm() - gapMm * double(row.images.size() - 1)) /
                          double(row.images.size());
    const QFont titleFont = reportFont(8.5, true), captionFont = reportFont(7);
    double titleMm = 0, pictureMm = 0, captionMm = 0;
    std::vector<std::pair<double, double>> sizes;  // width, height in mm
    for (int index : row.images) {
      const report::KeyImage& img = content_.images[size_t(index)];
      double w = cellMm, h = img.empty() ? 0 : cellMm * img.height / img.width;
      if (h > row.maxHeightMm) {
        h = row.maxHeightMm;
        w = h * img.width / std::max(1, img.height);
      }
      sizes.emplace_back(w, h);
      titleMm = std::max(titleMm, flow_.textHeightMm(q(img.title), titleFont, cellMm));
      pictureMm = std::max(pictureMm, h);
      captionMm = std::max(captionMm, flow_.textHeightMm(q(img.caption), captionFont, cellMm));
    }
    flow_.ensureSpace(titleMm + 1 + pictureMm + 1.5 + captionMm);
    const double top = flow_.yMm();
    for (size_t i = 0; i < row.images.size(); ++i) {
      const report::KeyImage& img = content_.images[size_t(row.images[i])];
      const double cellX = flow_.leftMm() + double(i) * (cellMm + gapMm);
      const auto [w, h] = sizes[i];
      const double x = cellX + 0.5 * (cellMm - w), y = top + titleMm + 1;
      flow_.drawText(q(img.title), titleFont, QColor(0, 0, 0), cellX, top, cellMm);
      if (flow_.drawing() && !img.empty()) {
        const QImage picture(img.rgb.data(), img.width, img.height, 3 * img.width,
                             QImage::Format_RGB888);
        const QRectF target(flow_.px(x), flow_.px(y), flow_.px(w), flow_.px(h));
        flow_.painter()->drawImage(target, picture);
        flow_.painter()->setPen(QPen(QColor(120, 120, 120), flow_.px(0.2)));
        flow_.painter()->drawRect(target);
      }
      flow_.drawText(q(img.caption), captionFont, QColor(50, 50, 50), cellX,
                     top + titleMm + 1 + pictureMm + 1.5, cellMm);
      if (placed_ && flow_.drawing()) placed_->push_back({img.title, flow_.page(), x, y, w, h});
    }
    flow_.advance(titleMm + 1 + pictureMm + 1.5 + captionMm + 4);
  }

  void operator()(const report::SignatureBlock& s) {
    const QFont font = reportFont(9);
    for (const auto& field : s.fields) {
      flow_.ensureSpace(13);
      flow_.advance(6);
      flow_.drawText(q(field), font, QColor(0, 0, 0), flow_.leftMm(), flow_.yMm(), 55);
      if (flow_.drawing()) {
        flow_.painter()->setPen(QPen(QColor(0, 0, 0), flow_.px(0.25)));
        const double lineY = flow_.yMm() + 4.5;
        flow_.painter()->drawLine(
            QPointF(flow_.px(flow_.leftMm() + 58), flow_.px(lineY)),
            QPointF(flow_.px(flow_.leftMm() + flow_.contentWidthMm()), flow_.px(lineY)));
      }
      flow_.advance(7);
    }
    flow_.advance(2);
  }

  void operator()(const report::PageBreak&) {
    if (!flow_.atPageTop()) flow_.newPage();
  }

 private:
  double rowHeight(const std::vector<report::Cell>& cells) const {
    double h = 0;
    for (size_t c = 0; c < cells.size() && c < widthsMm_.size(); ++c)
      h = std::max(h, flow_.textHeightMm(q(cells[c].text), reportFont(8, cells[c].bold),
                                         widthsMm_[c] - 2 * kCellPadXMm));
    return h + 2 * kCellPadYMm;
  }

  void drawRow(const std::vector<report::Cell>& cells, bool header, bool shaded) {
    const double height = rowHeight(cells);
    if (flow_.drawing()) {
      QPainter& p = *flow_.painter();
      double x = flow_.leftMm();
      for (size_t c = 0; c < cells.size() && c < widthsMm_.size(); ++c) {
        QColor fill = header ? QColor(225, 230, 240) : cellBackground(cells[c].tone);
        if (fill == QColor(Qt::transparent) && shaded) fill = QColor(246, 246, 246);
        if (fill != QColor(Qt::transparent))
          p.fillRect(
              QRectF(flow_.px(x), flow_.px(flow_.yMm()), flow_.px(widthsMm_[c]), flow_.px(height)),
              fill);
        x += widthsMm_[c];
      }
      p.setPen(QPen(QColor(190, 190, 190), flow_.px(0.15)));
      const double bottom = flow_.yMm() + height;
      p.drawLine(QPointF(flow_.px(flow_.leftMm()), flow_.px(bottom)),
                 QPointF(flow_.px(flow_.leftMm() + flow_.contentWidthMm()), flow_.px(bottom)));
    }
    double x = flow_.leftMm();
    for (size_t c = 0; c < cells.size() && c < widthsMm_.size(); ++c) {
      flow_.drawText(q(cells[c].text), reportFont(8, cells[c].bold || header),
                     textColour(cells[c].tone), x + kCellPadXMm, flow_.yMm() + kCellPadYMm,
                     widthsMm_[c] - 2 * kCellPadXMm);
      x += widthsMm_[c];
    }
    flow_.advance(height);
  }

  PageFlow& flow_;
  const report::ReportContent& content_;
  std::vector<PlacedImage>* placed_;
  std::vector<double> widthsMm_;
};

// One pass over the document; returns the number of pages.
int renderDocument(QPdfWriter& writer, QPainter* painter, const report::ReportDocument& document,
                   const report::ReportContent& content, int totalPages,
                   std::vector<PlacedImage>* placed) {
  PageFlow flow(writer, painter, PageGeometry{}, q(document.runningHeader), q(document.footer),
                totalPages);
  BlockWriter blocks(flow, content, placed);
  for (const auto& block : document.blocks) std::visit(blocks, block);
  flow.finish();
  return flow.page();
}

}  // namespace

core::Result<PdfSummary> writeReportPdf(const report::ReportContent& content,
                                        const std::filesystem::path& path) {
  std::string why;
  if (!ensureGuiApplication(&why)) return core::Error{path.string(), why};
  const report::ReportDocument document = report::layoutDocument(content);

  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  PdfSummary summary;
  {
    QPdfWriter writer(&buffer);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout::Millimeter);
    writer.setResolution(kDotsPerInch);
    writer.setTitle(q(content.title));
    writer.setCreator("Trocar");
    const int pages = renderDocument(writer, nullptr, document, content, 0, nullptr);
    QPainter painter;
    if (!painter.begin(&writer))
      return core::Error{path.string(), "the PDF writer could not start painting"};
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    summary.pageCount = renderDocument(writer, &painter, document, content, pages, &summary.images);
    painter.end();
  }
  buffer.close();
  auto written =
      core::writeFileAtomically(path, std::string_view(bytes.constData(), size_t(bytes.size())));
  if (!written) return written.error();
  summary.path = written.value();
  return summary;
}

}  // namespace trocar::report_pdf
