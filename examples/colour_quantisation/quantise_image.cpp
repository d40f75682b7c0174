// quantise_image: the image side of the colour-quantisation example (mixfit fits the colours).
//
//   quantise_image scene OUT.png                  draw the example's 128×96 test scene (deterministic)
//   quantise_image pixels IN.png OUT.csv          one row r,g,b (0–255) per pixel, row-major
//   quantise_image paint IN.png RUN_DIR OUT.png   every pixel painted with its component's mean colour
//                                                 (RUN_DIR/labels.csv and RUN_DIR/model.yaml of a mixfit run)
//   quantise_image uniform IN.png OUT.png         the naive palette: 3 × 3 × 2 = 18 evenly spaced levels
//   quantise_image compare A.png B.png            mean squared error per channel, and distinct colours in B
//
// Images are read and written with stb_image / stb_image_write (Debian's libstb-dev).
#include <stb_image.h>
#include <stb_image_write.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

struct Image {
  int width = 0;
  int height = 0;
  std::vector<unsigned char> rgb;  // row-major, 3 bytes per pixel
};

Image read_png(const std::string& path) {
  Image image;
  int channels = 0;
  unsigned char* data = stbi_load(path.c_str(), &image.width, &image.height, &channels, 3);
  if (data == nullptr) throw std::runtime_error(path + ": cannot read the image: " + stbi_failure_reason());
  image.rgb.assign(data, data + static_cast<std::size_t>(image.width) * image.height * 3);
  stbi_image_free(data);
  return image;
}

void write_png(const std::string& path, const Image& image) {
  if (!stbi_write_png(path.c_str(), image.width, image.height, 3, image.rgb.data(), image.width * 3))
    throw std::runtime_error(path + ": cannot write the image");
}

// A sky gradient, a sun, hills and a house: smooth shades and flat colours, so a
// 20-colour palette has to choose between them.
Image scene() {
  Image image{128, 96, std::vector<unsigned char>(128 * 96 * 3)};
  for (int y = 0; y < image.height; ++y)
    for (int x = 0; x < image.width; ++x) {
      double r = 70 + 100.0 * y / 96, g = 130 + 80.0 * y / 96, b = 230 - 30.0 * y / 96;  // sky
      if (std::hypot(x - 100.0, y - 20.0) < 12) r = 250, g = 210 - 2.0 * std::hypot(x - 100.0, y - 20.0), b = 60;
      const double hill = 62 + 10 * std::sin(x / 14.0) + 4 * std::sin(x / 5.0);
      if (y > hill) r = 40 + 0.6 * (y - hill), g = 140 - 0.8 * (y - hill), b = 50;  // grass, darker downhill
      if (x >= 20 && x < 52 && y >= 50 && y < 78) r = 200, g = 60, b = 50;              // house wall
      if (x >= 32 && x < 40 && y >= 64 && y < 78) r = 90, g = 60, b = 30;               // door
      if (y >= 36 && y < 50 && std::abs(x - 36) <= (y - 36) * 16 / 14) r = 110, g = 40, b = 40;  // roof
      unsigned char* p = &image.rgb[(static_cast<std::size_t>(y) * image.width + x) * 3];
      p[0] = static_cast<unsigned char>(std::clamp(r, 0.0, 255.0));
      p[1] = static_cast<unsigned char>(std::clamp(g, 0.0, 255.0));
      p[2] = static_cast<unsigned char>(std::clamp(b, 0.0, 255.0));
    }
  return image;
}

void write_pixels(const Image& image, const std::string& path) {
  std::ofstream out(path);
  out << "r,g,b\n";
  for (std::size_t i = 0; i < image.rgb.size(); i += 3)
    out << int(image.rgb[i]) << ',' << int(image.rgb[i + 1]) << ',' << int(image.rgb[i + 2]) << '\n';
  if (!out) throw std::runtime_error(path + ": cannot write");
}

Image paint(const Image& original, const std::string& run_dir) {
  const YAML::Node model = YAML::LoadFile(run_dir + "/model.yaml");
  std::vector<std::vector<double>> means;
  for (const auto& component : model["components"]) means.push_back(component["mean"].as<std::vector<double>>());
  std::ifstream labels(run_dir + "/labels.csv");
  std::string line;
  std::getline(labels, line);  // header
  Image image = original;
  for (std::size_t i = 0; i < image.rgb.size(); i += 3) {
    if (!std::getline(labels, line)) throw std::runtime_error(run_dir + "/labels.csv: fewer labels than pixels");
    const auto& mean = means.at(std::stoul(line));
    for (int c = 0; c < 3; ++c) image.rgb[i + c] = static_cast<unsigned char>(std::clamp(std::lround(mean[c]), 0L, 255L));
  }
  return image;
}

// Each channel rounded to the nearest of `levels` evenly spaced values (red, green: 3; blue: 2).
Image uniform(Image image) {
  const int levels[3] = {3, 3, 2};
  for (std::size_t i = 0; i < image.rgb.size(); i += 3)
    for (int c = 0; c < 3; ++c) {
      const double step = 255.0 / (levels[c] - 1);
      image.rgb[i + c] = static_cast<unsigned char>(std::lround(std::round(image.rgb[i + c] / step) * step));
    }
  return image;
}

void compare(const Image& a, const Image& b) {
  if (a.rgb.size() != b.rgb.size()) throw std::runtime_error("the images differ in size");
  double squared = 0.0;
  std::set<unsigned> colours;
  for (std::size_t i = 0; i < a.rgb.size(); i += 3) {
    for (int c = 0; c < 3; ++c) squared += std::pow(double(a.rgb[i + c]) - b.rgb[i + c], 2);
    colours.insert(b.rgb[i] << 16 | b.rgb[i + 1] << 8 | b.rgb[i + 2]);
  }
  std::cout << "mse: " << squared / static_cast<double>(a.rgb.size()) << "\ncolours: " << colours.size() << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() == 2 && args[0] == "scene") {
      write_png(args[1], scene());
    } else if (args.size() == 3 && args[0] == "pixels") {
      write_pixels(read_png(args[1]), args[2]);
    } else if (args.size() == 4 && args[0] == "paint") {
      write_png(args[3], paint(read_png(args[1]), args[2]));
    } else if (args.size() == 3 && args[0] == "uniform") {
      write_png(args[2], uniform(read_png(args[1])));
    } else if (args.size() == 3 && args[0] == "compare") {
      compare(read_png(args[1]), read_png(args[2]));
    } else {
      std::cerr << "usage: quantise_image scene OUT.png | pixels IN.png OUT.csv | paint IN.png RUN_DIR OUT.png |"
                   " uniform IN.png OUT.png | compare A.png B.png\n";
      return 2;
    }
  } catch (const std::exception& e) {
    std::cerr << "quantise_image: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
