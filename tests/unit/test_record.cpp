// The generation record: A1111 "parameters" text (also other tools' texts with quoted values
// and LoRA tags), the versioned "hyperlora" JSON chunk, and the chunks older builds wrote.
#include "check.h"
#include "studio/a1111.h"
#include "studio/record.h"
#include "util/error.h"
#include "util/json.h"

using namespace hl;
using namespace hl::studio;

namespace {

GenerationRecord sample() {
  GenerationRecord r;
  GenerationSettings& s = r.settings;
  s.prompt = "a (portrait:1.2) of a woman\nwith two lines";
  s.negativePrompt = "blurry, lowres";
  s.steps = 30;
  s.sampler = SamplerKind::DpmPP2MKarras;
  s.cfg = 5;
  s.guidanceRescale = 0.7;
  s.seed = 4294967295ull;
  s.width = 832;
  s.height = 1216;
  s.loras = {{"/models/loras/film grain.safetensors", 0.6}};
  s.identity.nameA = "Ada";
  s.identity.photosA = {"/p/a1.jpg", "/p/a2.jpg"};
  s.identity.nameB = "Grace";
  s.identity.photosB = {"/p/g.png"};
  s.identity.strength = 0.85;
  s.identity.mix = 0.25;
  r.modelName = "sd_xl_base_1.0";
  r.modelHash = "31e35c80fc";
  r.app = "HyperLoRA Studio 0.1.0";
  return r;
}

}  // namespace

HL_TEST(a1111ParametersRoundTrip) {
  A1111Parameters p;
  p.prompt = "fcsks fxhks fhyks, a (portrait:1.2) of a woman\nwith two lines";
  p.negativePrompt = "blurry, lowres";
  p.steps = 30;
  p.sampler = "DPM++ 2M";
  p.cfgScale = 5;
  p.seed = 4294967295ull;
  p.width = 832;
  p.height = 1216;
  p.modelHash = "31e35c80fc";
  p.modelName = "sd_xl_base_1.0";
  p.extra = {{"Schedule type", "Karras"}, {"ControlNet 0", "Module: canny, Weight: 0.7"}};
  const std::string text = p.format();
  HL_CHECK(test::contains(text,
                          "Steps: 30, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 5.0, "
                          "Seed: 4294967295, Size: 832x1216, Model hash: 31e35c80fc, "
                          "Model: sd_xl_base_1.0, ControlNet 0: \"Module: canny, Weight: 0.7\""));
  const A1111Parameters q = A1111Parameters::parse(text);
  HL_CHECK_EQ(q.prompt, p.prompt);
  HL_CHECK_EQ(q.negativePrompt, p.negativePrompt);
  HL_CHECK_EQ(q.steps, 30);
  HL_CHECK_EQ(q.sampler, p.sampler);
  HL_CHECK_EQ(q.cfgScale, 5.0);
  HL_CHECK_EQ(q.seed, p.seed);
  HL_CHECK_EQ(q.width, 832);
  HL_CHECK_EQ(q.height, 1216);
  HL_CHECK_EQ(q.modelHash, p.modelHash);
  HL_CHECK_EQ(q.modelName, p.modelName);
  HL_CHECK(q.extra == p.extra);
}

HL_TEST(a1111ParserNeverThrows) {
  for (const char* text :
       {"", "just a prompt", "x\nSteps: many, Seed: -3, Size: 12", "\n\n\nSteps: 1",
        "p\nSteps: 5, Lora hashes: \"a: 1, b: 2\", Sampler: Euler a",
        "p\nSteps: 5, Note: \"unterminated, Seed: 3"}) {
    test::Scope scope(text);
    const A1111Parameters p = A1111Parameters::parse(text);
    (void)p;
  }
  const A1111Parameters p =
      A1111Parameters::parse("p\nSteps: 5, Lora hashes: \"a: 1, b: 2\", Sampler: Euler a");
  HL_CHECK_EQ(p.sampler, std::string("Euler a"));
  HL_CHECK_EQ(*p.find("Lora hashes"), std::string("a: 1, b: 2"));
  HL_CHECK_EQ(A1111Parameters::parse("x\nSteps: many, Seed: 3").steps, 0);  // kept as text
  HL_CHECK_EQ(*A1111Parameters::parse("x\nSteps: many, Seed: 3").find("Steps"),
              std::string("many"));
}

HL_TEST(recordA1111Text) {
  const std::string t = sample().a1111();
  HL_CHECK_EQ(
      t, std::string("fcsks fxhks fhyks, a (portrait:1.2) of a woman\nwith two lines "
                     "<lora:film grain:0.6>\nNegative prompt: blurry, lowres\nSteps: 30, "
                     "Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 5.0, Seed: 4294967295, "
                     "Size: 832x1216, Model hash: 31e35c80fc, Model: sd_xl_base_1.0, CFG Rescale "
                     "phi: 0.7, HyperLoRA strength: 0.85, HyperLoRA mix: 0.25, HyperLoRA "
                     "references: 2+1, Version: HyperLoRA Studio 0.1.0"));
  // Read back as A1111 text alone: the trigger words and LoRA tags come off again.
  const GenerationRecord r = GenerationRecord::fromA1111(t);
  HL_CHECK_EQ(r.settings.prompt, sample().settings.prompt);
  HL_CHECK(r.settings.identity.trigger);
  HL_CHECK_EQ(r.settings.identity.strength, 0.85);
  HL_CHECK_EQ(r.settings.identity.mix, 0.25);
  HL_CHECK_EQ(r.settings.loras.size(), size_t(1));
  HL_CHECK_EQ(r.settings.loras[0].path, std::string("film grain"));
  HL_CHECK_EQ(r.settings.loras[0].strength, 0.6);
  HL_CHECK_EQ(int(r.settings.sampler), int(SamplerKind::DpmPP2MKarras));
  HL_CHECK_EQ(r.settings.guidanceRescale, 0.7);
  // Every sampler's A1111 fields lead back to it.
  for (SamplerKind k : allSamplers())
    HL_CHECK_EQ(int(samplerFromA1111(samplerA1111(k), scheduleA1111(k))), int(k));
  HL_CHECK_EQ(int(parseSamplerKind("DPM++ 2M Karras")),
              int(SamplerKind::DpmPP2MKarras));  // older A1111
}

HL_TEST(recordJsonRoundTrip) {
  const GenerationRecord a = sample();
  const std::string json = json::dump(a.toJson());
  const GenerationRecord b = GenerationRecord::fromJson(json::parse(json));
  HL_CHECK_EQ(json::dump(b.toJson()), json);
  HL_CHECK_EQ(b.settings.identity.photosA, a.settings.identity.photosA);
  HL_CHECK(b.settings.identity == a.settings.identity);
  HL_CHECK(b.settings.loras == a.settings.loras);
  HL_CHECK_EQ(b.a1111(), a.a1111());
  GenerationRecord big = a;  // a ComfyUI seed above 2^63 - 1 comes back whole
  big.settings.seed = 18446744073709551615ull;
  const std::string bigJson = json::dump(big.toJson());
  HL_CHECK(test::contains(bigJson, "\"seed\":18446744073709551615"));
  HL_CHECK_EQ(GenerationRecord::fromJson(json::parse(bigJson)).settings.seed,
              uint64_t(18446744073709551615ull));
  // A newer version or another schema is refused with a reason.
  json::Value v = a.toJson();
  v.set("version", 99);
  HL_CHECK_THROWS_WITH("newer than this build", GenerationRecord::fromJson(v));
  HL_CHECK_THROWS_WITH("not a HyperLoRA Studio generation record",
                       GenerationRecord::fromJson(json::parse("{\"prompt\": \"x\"}")));
  // From PNG chunks: ours wins over the text.
  const GenerationRecord c = GenerationRecord::fromPngText(a.pngText(), "a.png");
  HL_CHECK_EQ(c.settings.identity.photosB, a.settings.identity.photosB);
  HL_CHECK_THROWS_WITH("a.png: the image carries no generation settings",
                       GenerationRecord::fromPngText({{"Software", "x"}}, "a.png"));
}

// PNGs of earlier builds: the CLI's chunk held settings (prompt with trigger words, "ID
// strength" in the text), the studio's held the identity alone.
HL_TEST(recordsOfEarlierBuilds) {
  const std::string cliText =
      "fcsks fxhks fhyks, a portrait\nNegative prompt: blurry\nSteps: 3, Sampler: Euler a, CFG "
      "scale: "
      "4.5, Seed: 1234, Size: 128x96, Model hash: ff3dc92965, Model: sdxl-demo, ID strength: "
      "0.85, ID references: 1, Version: HyperLoRA Studio 0.1.0";
  const std::string cliJson =
      "{\"prompt\":\"fcsks fxhks fhyks, a portrait\",\"negative_prompt\":\"blurry\",\"sampler\":"
      "\"euler_ancestral\",\"steps\":3,\"cfg\":4.5,\"guidance_rescale\":0.0,\"seed\":1234,"
      "\"width\":128,"
      "\"height\":96,\"model\":\"/m\",\"demo\":true,\"id_strength\":0.85}";
  const GenerationRecord cli =
      GenerationRecord::fromPngText({{"parameters", cliText}, {"hyperlora", cliJson}}, "c.png");
  HL_CHECK_EQ(cli.sourceVersion, 0);
  HL_CHECK_EQ(cli.settings.prompt, std::string("a portrait"));
  HL_CHECK(cli.settings.identity.trigger);
  HL_CHECK_EQ(cli.settings.identity.strength, 0.85);
  HL_CHECK_EQ(int(cli.settings.sampler), int(SamplerKind::EulerAncestral));
  HL_CHECK(cli.demo);
  HL_CHECK_EQ(cli.modelHash, std::string("ff3dc92965"));
  const std::string studioText =
      "a portrait\nSteps: 20, Sampler: DPM++ 2M Karras, CFG scale: 5.0, Seed: 9, Size: 64x64, "
      "Model: "
      "sdxl-demo, HyperLoRA strength: 0.7, HyperLoRA mix: 0.3";
  const std::string studioJson =
      "{\"name_a\":\"A\",\"name_b\":\"B\",\"photos_a\":[\"/a.jpg\"],\"photos_b\":[\"/b.jpg\"],"
      "\"strength\":0.7,\"mix\":0.3,\"base_lora\":false,\"trigger\":true}";
  const GenerationRecord st = GenerationRecord::fromPngText(
      {{"parameters", studioText}, {"hyperlora", studioJson}}, "s.png");
  HL_CHECK_EQ(st.settings.prompt, std::string("a portrait"));
  HL_CHECK_EQ(st.settings.identity.photosA, std::vector<std::string>{"/a.jpg"});
  HL_CHECK_EQ(st.settings.identity.nameB, std::string("B"));
  HL_CHECK_EQ(st.settings.identity.mix, 0.3);
  HL_CHECK(st.settings.identity.trigger);
  HL_CHECK_EQ(int(st.settings.sampler), int(SamplerKind::DpmPP2MKarras));
  // The studio's chunk without an identity was "{}".
  const GenerationRecord empty =
      GenerationRecord::fromPngText({{"parameters", studioText}, {"hyperlora", "{}"}}, "e.png");
  HL_CHECK(!empty.settings.identity.active());
  HL_CHECK_EQ(empty.settings.seed, uint64_t(9));
}
