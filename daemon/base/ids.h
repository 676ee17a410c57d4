// Unique ids for deliveries: "nla_" + 26 characters of Crockford base32
// encoding 48 bits of milliseconds and 80 random bits (the ULID layout), so
// ids sort by creation time and never collide in practice.
#pragma once

#include <string>

#include "base/clock.h"

namespace newsalert {

std::string NewDeliveryId(TimePoint now);

}  // namespace newsalert
