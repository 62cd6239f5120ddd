#pragma once

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace trocar::fluoro {

namespace detail {
// Runs loop() on `threads` threads (0: all hardware threads, never more than `count`), the
// calling thread one of them, and waits for all.
template <typename Loop>
void onThreads(int count, int threads, Loop&& loop) {
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  threads = std::min(threads, std::max(count, 1));
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(loop);
  loop();
  for (auto& t : pool) t.join();
}
}  // namespace detail

// Runs work(row) for rows 0..count-1 on `threads` threads (0: all hardware threads). Rows are
// handed out one at a time so that uneven rows (rays that miss the volume) balance out.
template <typename Work>
void parallelRows(int count, int threads, Work&& work) {
  std::atomic<int> next{0};
  detail::onThreads(count, threads, [&] {
    for (int row = next.fetch_add(1); row < count; row = next.fetch_add(1)) work(row);
  });
}

// The same, with each thread claiming its next row when it starts one: work(row, next) knows the
// row (or -1) it will do after this one and can get it ready meanwhile (ask the caches for its
// data). Rows are still handed out one at a time, in order.
template <typename Work>
void parallelRowsLookingAhead(int count, int threads, Work&& work) {
  std::atomic<int> next{0};
  detail::onThreads(count, threads, [&] {
    for (int row = next.fetch_add(1); row < count;) {
      const int after = next.fetch_add(1);
      work(row, after < count ? after : -1);
      row = after;
    }
  });
}

}  // namespace trocar::fluoro
