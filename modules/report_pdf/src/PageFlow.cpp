#include "PageFlow.h"

#include <QPainter>
#include <QPdfWriter>
#include <QTextLayout>

namespace trocar::report_pdf {
namespace {

// Lays `text` out in lines of at most widthPx; returns the total height in pixels.
double layoutLines(QTextLayout& layout, double widthPx) {
  QTextOption option;
  option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
  layout.setTextOption(option);
  double heightPx = 0;
  layout.beginLayout();
  for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
    line.setLineWidth(widthPx);
    line.setPosition(QPointF(0, heightPx));
    heightPx += line.height();
  }
  layout.endLayout();
  return heightPx;
}

// QTextLayout breaks lines at U+2028, not at '\n'.
QString withLineSeparators(QString text) { return text.replace(QChar('\n'), QChar::LineSeparator); }

}  // namespace

QFont reportFont(double pointSize, bool bold) {
  QFont font("DejaVu Sans");
  font.setPointSizeF(pointSize);
  font.setBold(bold);
  // No shaping means no ligatures: "fi" stays two letters, so the PDF's text is searchable and
  // copies out as typed.
  font.setStyleStrategy(QFont::PreferNoShaping);
  return font;
}

PageFlow::PageFlow(QPdfWriter& writer, QPainter* painter, PageGeometry geometry, QString header,
                   QString footer, int totalPages)
    : writer_(writer),
      painter_(painter),
      geometry_(geometry),
      header_(std::move(header)),
      footer_(std::move(footer)),
      totalPages_(totalPages),
      dotsPerMm_(writer.resolution() / 25.4),
      yMm_(geometry.topMm) {}

double PageFlow::textHeightMm(const QString& text, const QFont& font, double widthMm) const {
  if (text.isEmpty()) return 0;
  QTextLayout layout(withLineSeparators(text), font, &writer_);
  return layoutLines(layout, px(widthMm)) / dotsPerMm_;
}

void PageFlow::drawText(const QString& text, const QFont& font, const QColor& colour, double xMm,
                        double yMm, double widthMm) const {
  if (!painter_ || text.isEmpty()) return;
  QTextLayout layout(withLineSeparators(text), font, &writer_);
  layoutLines(layout, px(widthMm));
  painter_->setPen(colour);
  layout.draw(painter_, QPointF(px(xMm), px(yMm)));
}

void PageFlow::ensureSpace(double mm) {
  if (mm > remainingMm() && !atPageTop()) newPage();
}

void PageFlow::newPage() {
  drawHeaderAndFooter();
  if (painter_) writer_.newPage();
  ++page_;
  yMm_ = geometry_.topMm;
}

void PageFlow::finish() { drawHeaderAndFooter(); }

void PageFlow::drawHeaderAndFooter() {
  if (!painter_) return;
  const QFont small = reportFont(7.5);
  const QColor grey(90, 90, 90);
  const double width = contentWidthMm();
  drawText(header_, small, grey, geometry_.leftMm, 9, width);
  painter_->setPen(QPen(QColor(160, 160, 160), px(0.25)));
  painter_->drawLine(QPointF(px(geometry_.leftMm), px(13)),
                     QPointF(px(geometry_.leftMm + width), px(13)));
  const double footerY = geometry_.heightMm - geometry_.bottomMm + 6;
  painter_->drawLine(QPointF(px(geometry_.leftMm), px(footerY - 1.5)),
                     QPointF(px(geometry_.leftMm + width), px(footerY - 1.5)));
  drawText(footer_, small, grey, geometry_.leftMm, footerY, width - 30);
  const QString number = QString("Page %1 of %2").arg(page_).arg(totalPages_);
  painter_->setFont(small);
  painter_->drawText(QRectF(px(geometry_.leftMm + width - 30), px(footerY), px(30), px(5)),
                     Qt::AlignRight | Qt::AlignTop, number);
}

}  // namespace trocar::report_pdf
