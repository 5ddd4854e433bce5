// The one Catch2 main (compiled once; slow TU).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
