// File helpers: whole-file reads and atomic writes (temp file in the same folder, flush, rename),
// so a crash never leaves a half-written model, LoRA or settings file behind.
#pragma once

#include <cstdio>
#include <functional>
#include <string>

namespace hl::fs {

std::string readText(const std::string& path);
void writeAtomic(const std::string& path, const std::string& bytes);
// Lets the caller stream into the temp file; rename happens only if `write` returns normally.
void writeAtomicWith(const std::string& path, const std::function<void(std::FILE*)>& write);
// Creates the folder and its parents; throws hl::Error naming the folder on failure.
void makeDirs(const std::string& dir);
// `<dir>/<stem>.safetensors`, else the Hub's `<stem>.fp16.safetensors` variant; "" when neither is a file.
std::string safetensorsFile(const std::string& dir, const std::string& stem);

}  // namespace hl::fs
