#pragma once

#include <stdexcept>
#include <utility>
#include <variant>

#include "trocar/core/Error.h"

namespace trocar::core {

// A value or the Error that prevented it. Used at module boundaries where failure is expected
// (bad files, bad plans); programming errors still throw or assert.
template <typename T>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  const T& value() const& { return checked(); }
  T& value() & { return checked(); }
  T&& value() && { return std::move(checked()); }
  const T* operator->() const { return &checked(); }
  T* operator->() { return &checked(); }

  const Error& error() const { return std::get<Error>(state_); }

 private:
  T& checked() {
    if (!ok()) throw std::logic_error("Result has no value: " + error().message());
    return std::get<T>(state_);
  }
  const T& checked() const { return const_cast<Result*>(this)->checked(); }

  std::variant<T, Error> state_;
};

}  // namespace trocar::core
