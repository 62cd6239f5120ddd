#pragma once

#include <atomic>
#include <functional>
#include <string_view>

namespace trocar::core {

// Reports how far long work has got (0..1, with a short phrase) and lets the caller stop it.
// Long operations take a Progress by value and check cancelled() between units of work; they
// return an Error "cancelled" rather than a partial result.
class Progress {
 public:
  using Callback = std::function<void(double fraction, std::string_view what)>;

  Progress() = default;
  Progress(Callback callback, const std::atomic<bool>* cancelFlag = nullptr)
      : callback_(std::move(callback)), cancel_(cancelFlag) {}

  void report(double fraction, std::string_view what) const {
    if (callback_) callback_(fraction, what);
  }
  bool cancelled() const { return cancel_ != nullptr && cancel_->load(std::memory_order_relaxed); }

  // The same cancel flag, with fractions mapped into [begin, end] of this one: for a step of a
  // longer job.
  Progress sub(double begin, double end) const {
    if (!callback_) return Progress({}, cancel_);
    Callback parent = callback_;
    return Progress(
        [parent, begin, end](double f, std::string_view what) {
          parent(begin + (end - begin) * f, what);
        },
        cancel_);
  }

 private:
  Callback callback_;
  const std::atomic<bool>* cancel_ = nullptr;
};

}  // namespace trocar::core
