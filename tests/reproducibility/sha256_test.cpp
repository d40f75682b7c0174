// SHA-256 against the FIPS 180-2 vectors and the fixtures' recorded data hashes.
#include <boost/test/unit_test.hpp>

#include "mixfit/core/error.hpp"
#include "mixfit/io/sha256.hpp"
#include "support/fixtures.hpp"

BOOST_AUTO_TEST_SUITE(sha256_test)

using namespace mixfit;
using namespace mixfit::testing;

BOOST_AUTO_TEST_CASE(fips_180_2_vectors) {
  BOOST_TEST(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  BOOST_TEST(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  BOOST_TEST(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
             "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

BOOST_AUTO_TEST_CASE(files_hash_as_the_fixtures_record) {
  for (const char* name : {"three_blobs_gmm_full.json", "bernoulli_mixture_digits200_k3.json",
                           "categorical_mixture_n300_k3.json"}) {
    const YAML::Node fixture = load_fixture(name);
    BOOST_TEST(sha256_file(fixture_path(fixture["data"]["file"].as<std::string>())) ==
                   fixture["data"]["sha256"].as<std::string>(),
               name);
  }
  // A file larger than one read chunk hashes like its bytes.
  TempDir dir;
  const std::string big(200000, 'x');
  write_text(dir.file("big"), big);
  BOOST_TEST(sha256_file(dir.file("big")) == sha256_hex(big));
}

BOOST_AUTO_TEST_CASE(missing_file_is_named) {
  try {
    sha256_file("/nonexistent/file.csv");
    BOOST_FAIL("no error");
  } catch (const DataError& e) {
    BOOST_TEST(std::string(e.what()).find("/nonexistent/file.csv") != std::string::npos);
  }
}

BOOST_AUTO_TEST_SUITE_END()  // sha256_test
