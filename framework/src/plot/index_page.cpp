// index.html: every figure with its caption; skipped ones as notes.
#include "mixfit/plot/figures.hpp"

namespace mixfit::plot {
namespace {

std::string html(const std::string& text) {
  std::string escaped;
  for (const char c : text) {
    switch (c) {
      case '&': escaped += "&amp;"; break;
      case '<': escaped += "&lt;"; break;
      case '>': escaped += "&gt;"; break;
      case '"': escaped += "&quot;"; break;
      default: escaped += c;
    }
  }
  return escaped;
}

}  // namespace

std::string index_page(const std::string& title, const std::vector<Figure>& figures) {
  std::string page =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + html(title) +
      "</title>\n<style>\nbody { font-family: sans-serif; max-width: 1100px; margin: 2em auto; color: #222; }\n"
      "figure { margin: 2em 0; } img { max-width: 100%; border: 1px solid #ddd; }\n"
      "figcaption { color: #555; margin-top: 0.5em; } .notes { color: #666; }\n</style>\n</head>\n<body>\n<h1>" +
      html(title) + "</h1>\n";
  std::string notes;
  for (const auto& figure : figures) {
    if (figure.files.empty()) {
      if (!figure.caption.empty()) notes += "<li>" + html(figure.title) + ": " + html(figure.caption) + "</li>\n";
      continue;
    }
    page += "<figure>\n<h2>" + html(figure.title) + "</h2>\n<img src=\"" + html(figure.files.front()) + "\" alt=\"" +
            html(figure.title) + "\">\n<figcaption>" + html(figure.caption);
    for (std::size_t i = 1; i < figure.files.size(); ++i)
      page += " Also as <a href=\"" + html(figure.files[i]) + "\">" + html(figure.files[i]) + "</a>.";
    page += "</figcaption>\n</figure>\n";
  }
  if (!notes.empty()) page += "<h2>Not drawn</h2>\n<ul class=\"notes\">\n" + notes + "</ul>\n";
  page += "<p class=\"notes\">Written by <code>mixfit plot</code>. Each figure's gnuplot script and data are in "
          "<code>gnuplot/</code>; re-render one with <code>cd gnuplot &amp;&amp; gnuplot NAME.gp</code>.</p>\n"
          "</body>\n</html>\n";
  return page;
}

}  // namespace mixfit::plot
