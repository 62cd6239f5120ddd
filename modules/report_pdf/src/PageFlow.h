#pragma once

#include <QColor>
#include <QFont>
#include <QString>

class QPainter;
class QPaintDevice;
class QPdfWriter;

namespace trocar::report_pdf {

// A4 portrait with room for the running header and the footer.
struct PageGeometry {
  double widthMm = 210, heightMm = 297;
  double leftMm = 16, rightMm = 16, topMm = 20, bottomMm = 18;
};

// The vertical flow of blocks down the pages: where the next block goes, page breaks, and each
// page's header and footer. Positions are millimetres from the page's top-left corner. With no
// painter it only measures, so a first pass can count the pages for "Page n of N".
class PageFlow {
 public:
  PageFlow(QPdfWriter& writer, QPainter* painter, PageGeometry geometry, QString header,
           QString footer, int totalPages);

  QPainter* painter() const { return painter_; }
  bool drawing() const { return painter_ != nullptr; }
  int page() const { return page_; }
  double leftMm() const { return geometry_.leftMm; }
  double contentWidthMm() const { return geometry_.widthMm - geometry_.leftMm - geometry_.rightMm; }
  double yMm() const { return yMm_; }
  double remainingMm() const { return geometry_.heightMm - geometry_.bottomMm - yMm_; }
  bool atPageTop() const { return yMm_ <= geometry_.topMm + 1e-6; }

  void advance(double mm) { yMm_ += mm; }
  // Starts a new page unless `mm` still fits on this one (or this page is still empty).
  void ensureSpace(double mm);
  void newPage();
  // Draws the last page's footer.
  void finish();

  double px(double mm) const { return mm * dotsPerMm_; }
  // Height of `text` wrapped to `widthMm` (at word boundaries, or anywhere for long UIDs);
  // '\n' starts a new line.
  double textHeightMm(const QString& text, const QFont& font, double widthMm) const;
  void drawText(const QString& text, const QFont& font, const QColor& colour, double xMm,
                double yMm, double widthMm) const;

 private:
  void drawHeaderAndFooter();

  QPdfWriter& writer_;
  QPainter* painter_;
  PageGeometry geometry_;
  QString header_, footer_;
  int totalPages_;
  double dotsPerMm_;
  int page_ = 1;
  double yMm_;
};

// The report's fonts, sized in points (independent of the writer's resolution).
QFont reportFont(double pointSize, bool bold = false);

}  // namespace trocar::report_pdf
