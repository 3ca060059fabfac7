#include <ATen/TensorOperators.h>
#include <ATen/ops/arange.h>
#include <ATen/ops/equal.h>
#include <ATen/ops/randn.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "check.h"
#include "process_stats.h"
#include "safetensors/file_kind.h"
#include "safetensors/safetensors.h"
#include "tensor/tensor_io.h"
#include "util/error.h"
#include "util/half.h"

namespace st = hl::st;

namespace {

// Writes an 8-byte length, the header text (as given, no padding) and the data bytes.
void writeRaw(const std::string& path, const std::string& header, const std::string& data,
              int64_t lengthOverride = -1) {
  std::ofstream f(path, std::ios::binary);
  uint64_t n = lengthOverride >= 0 ? uint64_t(lengthOverride) : header.size();
  for (int i = 0; i < 8; ++i) f.put(char(n >> (8 * i)));
  f << header << data;
}

}  // namespace

namespace {
hl::test::TempDir dir_;
std::string path(const char* name) {
  return dir_.path() + "/" + name;
}
}  // namespace

HL_TEST(roundTripEveryDtypeRaw) {
  // Raw bytes through the torch-free writer and reader, for all ten dtypes.
  const st::DType all[] = {st::DType::F64, st::DType::F32, st::DType::F16, st::DType::BF16,
                           st::DType::I64, st::DType::I32, st::DType::I16, st::DType::I8,
                           st::DType::U8,  st::DType::BOOL};
  std::vector<std::vector<uint8_t>> bufs;
  std::vector<st::WriteEntry> entries;
  int k = 0;
  for (st::DType d : all) {
    std::vector<int64_t> shape{2, 3};
    std::vector<uint8_t> b(6 * st::dtypeSize(d));
    for (size_t i = 0; i < b.size(); ++i)
      b[i] = uint8_t((i * 37 + k * 11) & (d == st::DType::BOOL ? 1 : 0xFF));
    bufs.push_back(b);
    entries.push_back(
        {std::string("t_") + st::dtypeName(d), d, shape, bufs.back().data(), b.size()});
    ++k;
  }
  entries.push_back({"scalar", st::DType::F32, {}, bufs[1].data(), 4});
  entries.push_back({"empty", st::DType::F16, {0, 4}, nullptr, 0});
  const std::string p = path("raw.safetensors");
  st::write(p, entries, {{"format", "pt"}, {"note", "ünïcode"}});
  auto f = st::File::open(p);
  HL_CHECK_EQ(f->tensors().size(), entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    const auto& t = f->tensors()[i];
    HL_CHECK_EQ(t.name, entries[i].name);  // header order = write order
    HL_CHECK_EQ(int(t.dtype), int(entries[i].dtype));
    HL_CHECK_EQ(t.shape, entries[i].shape);
    HL_CHECK_EQ(t.nbytes(), entries[i].nbytes);
    if (t.nbytes()) HL_CHECK(std::memcmp(f->data(t), entries[i].data, t.nbytes()) == 0);
    HL_CHECK_EQ(reinterpret_cast<uintptr_t>(f->data(t)) % 8 == 0 || t.nbytes() == 0 ||
                    st::dtypeSize(t.dtype) < 8,
                true);
  }
  HL_CHECK_EQ(std::string(f->metadataValue("note")), std::string("ünïcode"));
  HL_CHECK_EQ(std::string(f->metadataValue("format")), std::string("pt"));
  // The header is padded so the data section starts 8-byte aligned.
  std::ifstream in(p, std::ios::binary);
  uint8_t len[8];
  in.read(reinterpret_cast<char*>(len), 8);
  HL_CHECK_EQ(int(len[0] % 8), 0);
}

HL_TEST(roundTripEveryDtypeTorch) {
  at::Tensor base = at::randn({3, 4, 5});
  st::NamedTensors ts = {
      {"f64", base.to(at::kDouble)},
      {"f32", base},
      {"f16", base.to(at::kHalf)},
      {"bf16", base.to(at::kBFloat16)},
      {"i64", at::arange(60).view({3, 20})},
      {"i32", at::arange(60).to(at::kInt)},
      {"i16", at::arange(60).to(at::kShort)},
      {"i8", (at::arange(60) - 30).to(at::kChar)},
      {"u8", at::arange(60).to(at::kByte)},
      {"bool", (at::arange(60) % 3 == 0)},
      {"noncontig", base.transpose(0, 2)},
  };
  const std::string p = path("torch.safetensors");
  st::writeTensors(p, ts);
  auto f = st::File::open(p);
  for (const auto& [name, t] : ts) {
    at::Tensor back = st::view(f, name);
    HL_CHECK_EQ(back.scalar_type(), t.scalar_type());
    HL_CHECK_MSG(at::equal(back, t.contiguous()), name.c_str());
  }
  // Zero copy: the tensor points into the mapping, and keeps it alive after the File goes.
  at::Tensor v = st::view(f, "f32");
  HL_CHECK_EQ(static_cast<const void*>(v.data_ptr()),
              static_cast<const void*>(f->data(f->at("f32"))));
  f.reset();
  HL_CHECK(at::equal(v, base));
  // fp16 is upcast exactly.
  auto f2 = st::File::open(p);
  HL_CHECK(at::equal(st::loadFloat(f2, "f16"), base.to(at::kHalf).to(at::kFloat)));
}

HL_TEST(halfConversionsMatchTorch) {
  at::Tensor x = at::randn({4096}) * 1000;
  at::Tensor h = x.to(at::kHalf), b = x.to(at::kBFloat16);
  const float* xp = x.data_ptr<float>();
  for (int64_t i = 0; i < x.numel(); ++i) {
    uint16_t hv = hl::floatToHalf(xp[i]), bv = hl::floatToBf16(xp[i]);
    HL_CHECK_EQ(hv, reinterpret_cast<const uint16_t*>(h.data_ptr())[i]);
    HL_CHECK_EQ(bv, reinterpret_cast<const uint16_t*>(b.data_ptr())[i]);
    HL_CHECK_EQ(hl::halfToFloat(hv), h[i].item<float>());
    HL_CHECK_EQ(hl::bf16ToFloat(bv), b[i].item<float>());
  }
}

HL_TEST(rejectsMalformed) {
  struct Row {
    const char* name;
    std::string header;
    int dataBytes;
    int64_t lengthOverride;
    const char* tensor;  // must be named in the message ("" = none)
    const char* rule;
  };
  const std::string ok = "\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]";
  const Row rows[] = {
      {"header length over 100 MB", "{}", 0, 200000000, "", "exceeds the limit of 100000000 bytes"},
      {"header past end of file", "{}", 0, 5000, "", "runs past the end"},
      {"not JSON at all", "[1,2]", 0, -1, "", "does not start with '{'"},
      {"malformed JSON", "{\"w\": {\"dtype\": \"F32\",}", 0, -1, "", "malformed JSON header"},
      {"trailing garbage in header", "{\"w\":{" + ok + "}}xyz", 8, -1, "",
       "unexpected text after the end"},
      {"unknown dtype", "{\"w\":{\"dtype\":\"F8\",\"shape\":[2],\"data_offsets\":[0,2]}}", 2, -1,
       "w", "unknown dtype \"F8\""},
      {"shape and bytes disagree",
       "{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8, -1, "w",
       "needs 12 bytes but data_offsets span 8"},
      {"offsets past data", "{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 8,
       -1, "w", "past the data section of 8 bytes"},
      {"end before begin", "{\"w\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,0]}}", 8,
       -1, "w", "end before they begin"},
      {"overlap",
       "{\"a\":{" + ok + "},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12,
       -1, "b", "overlaps tensor \"a\""},
      {"gap",
       "{\"a\":{" + ok + "},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]}}", 16,
       -1, "b", "gap of 4 bytes before tensor"},
      {"trailing data", "{\"a\":{" + ok + "}}", 12, -1, "",
       "4 trailing bytes after the last tensor"},
      {"duplicate tensor", "{\"a\":{" + ok + "},\"a\":{" + ok + "}}", 8, -1, "a", "duplicate key"},
      {"negative dimension", "{\"w\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8,
       -1, "w", "non-negative integers"},
      {"missing offsets", "{\"w\":{\"dtype\":\"F32\",\"shape\":[2]}}", 8, -1, "w", "data_offsets"},
      {"unknown field", "{\"w\":{" + ok + ",\"extra\":1}}", 8, -1, "w", "unknown field \"extra\""},
      {"metadata not strings", "{\"__metadata__\":{\"k\":3},\"w\":{" + ok + "}}", 8, -1, "",
       "__metadata__ value for \"k\""},
      {"fractional shape", "{\"w\":{\"dtype\":\"F32\",\"shape\":[2.5],\"data_offsets\":[0,8]}}", 8,
       -1, "w", "non-negative integers"},
  };
  for (const Row& r : rows) {
    hl::test::Scope scope(r.name);
    const std::string p = path("bad.safetensors");
    writeRaw(p, r.header, std::string(size_t(r.dataBytes), '\0'), r.lengthOverride);
    try {
      st::File::open(p);
      HL_FAIL("a malformed file was accepted");
    } catch (const hl::Error& e) {
      const std::string what = e.what();
      HL_CHECK_MSG(what.rfind(p, 0) == 0, what);             // names the file
      HL_CHECK_MSG(hl::test::contains(what, r.rule), what);  // names the rule
      if (*r.tensor)
        HL_CHECK_MSG(hl::test::contains(what, std::string("\"") + r.tensor + "\""), what);
    }
  }
}

HL_TEST(rejectsTinyAndMissingFiles) {
  const std::string p = path("short.safetensors");
  {
    std::ofstream f(p, std::ios::binary);
    f << "abc";
  }
  HL_CHECK_THROWS(hl::Error, st::File::open(p));
  try {
    st::File::open(path("does-not-exist.safetensors"));
    HL_FAIL("opened a missing file");
  } catch (const hl::Error& e) {
    HL_CHECK(hl::test::contains(e.what(), "cannot open file"));
  }
  try {
    st::File::open(dir_.path());
    HL_FAIL("opened a folder");
  } catch (const hl::Error& e) {
    HL_CHECK(hl::test::contains(e.what(), "is a folder"));
  }
}

HL_TEST(writerIsAtomicAndValidates) {
  const std::string p = path("atomic.safetensors");
  float x[2] = {1, 2};
  st::write(p, {{"a", st::DType::F32, {2}, x, 8}});
  // A bad entry aborts before anything replaces the good file.
  HL_CHECK_THROWS(hl::Error, st::write(p, {{"a", st::DType::F32, {3}, x, 8}}));
  HL_CHECK_THROWS(hl::Error, st::write(p, {{"a", st::DType::F32, {2}, x, 8},
                                           {"a", st::DType::F32, {2}, x, 8}}));
  auto f = st::File::open(p);
  HL_CHECK_EQ(f->tensors().size(), size_t(1));
  HL_CHECK_EQ(f->at("a").shape, std::vector<int64_t>{2});
  for (const auto& entry : std::filesystem::directory_iterator(dir_.path()))  // no temp files left
    HL_CHECK_MSG(!hl::test::contains(entry.path().filename().string(), ".tmp-"),
                 entry.path().string());
}

// Formats people download by mistake are named, with what to do; pickles are refused unread.
HL_TEST(foreignFormatsAreNamed) {
  const struct {
    const char* file;
    std::string bytes;
    const char* says;
  } cases[] = {
      {"legacy.ckpt", std::string("\x80\x02}q\x00(X\x0a\x00\x00\x00state_dict", 21), "a Python pickle"},
      {"zip.safetensors", std::string("PK\x03\x04\x00\x00\x08\x00\x00\x00" "archive/data.pkl", 26), "a PyTorch checkpoint"},
      {"q4.gguf", std::string("GGUF\x03\x00\x00\x00\x00\x00\x00\x00\x10\x00", 14), "a GGUF file"},
      {"page.safetensors", "\n  <!DOCTYPE html><html><body>Sign in</body></html>", "a web page"},
      {"lfs.safetensors", "version https://git-lfs.github.com/spec/v1\noid sha256:0\nsize 6938040682\n", "a Git LFS pointer"},
  };
  for (const auto& c : cases) {
    const std::string p = path(c.file);
    std::ofstream(p, std::ios::binary) << c.bytes;
    try {
      st::File::open(p);
      HL_FAIL(std::string("opened ") + c.file);
    } catch (const hl::Error& e) {
      const std::string what = e.what();
      HL_CHECK_MSG(hl::test::contains(what, p + ": this is " + c.says), what);
      HL_CHECK_MSG(!hl::test::contains(what, "header length"), what);
    }
  }
  try {
    st::File::open(path("legacy.ckpt"));
  } catch (const hl::Error& e) {
    HL_CHECK(hl::test::contains(e.what(), "never opens them"));
  }
  HL_CHECK(st::hasPickleExtension("a/model.CKPT"));
  HL_CHECK(st::hasPickleExtension("pytorch_model.bin"));
  HL_CHECK(!st::hasPickleExtension("model.safetensors"));
  // A real safetensors file whose header happens to start with the same bytes does not exist:
  // its first 8 bytes are a little-endian length below 100 MB, so byte 7..5 are zero.
  HL_CHECK(st::recogniseForeign(reinterpret_cast<const uint8_t*>("\x10\x00\x00\x00\x00\x00\x00\x00{}"), 10).what.empty());
  // A 640-byte header starts 80 02 like a pickle: it is still read as safetensors.
  HL_CHECK(st::recogniseForeign(reinterpret_cast<const uint8_t*>("\x80\x02\x00\x00\x00\x00\x00\x00{\"a\""), 12).what.empty());
}

// releasePages: the mapping's pages leave the resident set and read back the same bytes.
HL_TEST(releasedPagesLeaveTheResidentSet) {
#ifndef __linux__
  HL_SKIP("page release is Linux-only");
#else
  const std::string p = path("release.safetensors");
  const at::Tensor t = at::randn({16, 1024, 1024});  // 64 MiB
  st::writeTensors(p, {{"t", t}});
  auto f = st::File::open(p);
  const at::Tensor mapped = st::view(f, "t");
  HL_CHECK(at::equal(mapped, t));  // every page read: resident
  const long before = hl::test::statusField("RssFile:");
  f->releasePages();
  const long after = hl::test::statusField("RssFile:");
  HL_CHECK_MSG(before - after > 48 * 1024, hl::test::format("RssFile %ld kB -> %ld kB", before, after));
  HL_CHECK(at::equal(mapped, t));  // mapped again from the page cache
#endif
}
