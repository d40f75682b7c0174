// Running gnuplot on a generated script: no shell, no user path inside the script.
#pragma once

#include <string>

namespace mixfit::plot {

/// The gnuplot executable to use: `requested` if it names a file (a path with
/// a '/'), otherwise the first executable of that name on PATH. PlotError
/// (an Error) saying how to install it (Debian: gnuplot-nox) if there is none.
std::string find_gnuplot(const std::string& requested = "gnuplot");

/// Runs `gnuplot script` with `working_directory` as its current folder
/// (fork + exec, arguments passed as they are, never through a shell), so a
/// script names its data and output files relative to that folder and no
/// user path appears in it. Error carrying gnuplot's own message when it
/// exits non-zero or prints an error.
void run_gnuplot(const std::string& gnuplot, const std::string& working_directory, const std::string& script);

/// `text` as a gnuplot double-quoted string literal: backslash and double
/// quote escaped, a newline as \n (a line break in titles), any other
/// control character a space. Nothing else is special in noenhanced text.
std::string gnuplot_string(const std::string& text);

}  // namespace mixfit::plot
