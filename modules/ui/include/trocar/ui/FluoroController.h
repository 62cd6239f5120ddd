#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include <QObject>

#include "trocar/core/Plan.h"
#include "trocar/fluoro/CArm.h"
#include "trocar/image/CtVolume.h"
#include "trocar/ui/DrrWorker.h"

namespace trocar::ui {

class FluoroView;

// The three fluoroscopy views of the window (AP, lateral, down the barrel of a chosen needle) and
// the worker that renders them. The C-arm turns about the planned targets (their mean; the chosen
// needle's target for the barrel view); a view follows its standard angles as the plan changes
// until the user turns it. Hidden views are not rendered; a view shown again asks for its image.
class FluoroController : public QObject {
  Q_OBJECT

 public:
  explicit FluoroController(QObject* parent = nullptr);
  ~FluoroController() override;

  FluoroView* apView() const { return views_[0]; }
  FluoroView* lateralView() const { return views_[1]; }
  FluoroView* barrelView() const { return views_[2]; }
  const std::vector<FluoroView*>& views() const { return views_; }

  // A new case (null: none); the C-arm turns about `centreMm` until a plan has needles.
  void setCase(image::CtImage::Pointer ct, const core::Vec3& centreMm);
  void setPlan(const core::Plan& plan);
  // Cement as a fill-time map (null: none) shown as filled by `timeS`.
  void setCement(image::FloatImage::Pointer fillTimeS, double timeS);
  // A moment of the playback: previews while playing, full images when it rests.
  void setCementTime(double timeS, bool preview);

  // The C-arm a view would take its next image with.
  fluoro::CArm carmOf(const FluoroView* view) const;
  // Nothing rendering, nothing pending, every image delivered to its view.
  bool idle() const;
  const DrrWorker& worker() const { return *worker_; }

 signals:
  // A view got a new image (after it is shown).
  void imageShown(trocar::ui::FluoroView* view, bool full);

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  int indexOf(const FluoroView* view) const;
  void ask(FluoroView* view, bool full);
  void chooseBarrelNeedle();

  std::vector<FluoroView*> views_;
  std::unique_ptr<DrrWorker> worker_;
  std::shared_ptr<std::atomic<int>> inFlight_;  // images posted to the UI thread, not yet shown
  bool hasCase_ = false;
  core::Vec3 isocentreMm_;
  std::vector<core::Needle> needles_;
};

}  // namespace trocar::ui
