#include <gtest/gtest.h>

#include "trocar/core/Result.h"

using trocar::core::Error;
using trocar::core::Result;

TEST(Result, CarriesValueOrErrorWithWhereAndWhy) {
  Result<int> good = 42;
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(good.value(), 42);
  Result<int> bad = Error{"/data/x.dcm", "truncated pixel data"};
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message(), "/data/x.dcm: truncated pixel data");
  EXPECT_THROW((void)bad.value(), std::logic_error);
}
