#pragma once

#include <optional>

#include <QImage>
#include <QWidget>

#include "trocar/core/CArmAngles.h"
#include "trocar/core/Vec3.h"
#include "trocar/fluoro/CArm.h"

class QComboBox;
class QLabel;
class QPushButton;
class QSlider;

namespace trocar::ui {

// One simulated fluoroscopy monitor: the DRR as the C-arm shows it (detector side, head up), its
// name and gantry angles in the corner, and the two gantry controls below it: LAO/RAO and
// CRAN/CAUD in whole degrees. While a slider is held the view asks for half-resolution previews;
// on release (or any other change of angle) for the full image. It only asks: the images come
// from FluoroController's worker.
class FluoroView : public QWidget {
  Q_OBJECT

 public:
  explicit FluoroView(const QString& name, QWidget* parent = nullptr);

  const QString& name() const { return name_; }
  // The view's standard angles (Reset goes back to them) and the current ones; neither emits.
  void setHomeAngles(const core::CArmAngles& angles);
  const core::CArmAngles& homeAngles() const { return home_; }
  void setAngles(const core::CArmAngles& angles);
  core::CArmAngles angles() const;

  // A rendered image and the C-arm it was taken with; `full` false for a preview.
  void showImage(const QImage& image, const fluoro::CArm& carm, bool full, double renderMs);
  void clearImage();
  bool hasImage() const { return !image_.isNull(); }
  bool showsFullImage() const { return full_; }
  double renderMs() const { return renderMs_; }
  const fluoro::CArm& imageCarm() const { return carm_; }
  const QImage& image() const { return image_; }
  // Where a point (LPS) appears in this widget in the image shown; empty when there is none.
  std::optional<QPointF> widgetPosOf(const core::Vec3& pointMm) const;
  // The rectangle the image fills in this widget.
  QRectF imageRect() const;

  QSlider* laoSlider() const { return lao_; }
  QSlider* cranSlider() const { return cran_; }
  QPushButton* resetButton() const { return reset_; }
  // Only the barrel view shows it: which needle to look down.
  QComboBox* needleBox() const { return needle_; }
  void setNeedleChoiceVisible(bool visible);

 signals:
  // The user changed an angle; `preview` while a slider is still held.
  void anglesChanged(const core::CArmAngles& angles, bool preview);

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  void sliderMoved(bool preview);
  void updateAngleText();

  QString name_;
  core::CArmAngles home_;
  QSlider *lao_, *cran_;
  QLabel* angleText_;
  QPushButton* reset_;
  QComboBox* needle_;
  QWidget* canvas_;
  QImage image_;
  fluoro::CArm carm_;
  bool full_ = false;
  double renderMs_ = 0;
};

}  // namespace trocar::ui
