// The LDM/SGM single-file names of SDXL's UNet and VAE tensors and their diffusers names, both
// ways (pure string mapping, no tensors).
#include "models/ldm_names.h"

#include <string>
#include <utility>

namespace hl {
namespace {

bool startsWith(const std::string& s, const std::string& p) {
  return s.compare(0, p.size(), p) == 0;
}

std::string replaceAll(std::string s, const std::string& from, const std::string& to) {
  for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
    s.replace(pos, from.size(), to);
  return s;
}

// ResBlock (LDM) -> ResnetBlock2D (diffusers) parameter names.
std::string resnetName(const std::string& rest) {
  const std::pair<const char*, const char*> map[] = {
      {"in_layers.0.", "norm1."},          {"in_layers.2.", "conv1."},
      {"emb_layers.1.", "time_emb_proj."}, {"out_layers.0.", "norm2."},
      {"out_layers.3.", "conv2."},         {"skip_connection.", "conv_shortcut."}};
  for (const auto& [f, t] : map)
    if (startsWith(rest, f)) return t + rest.substr(std::char_traits<char>::length(f));
  return {};
}

}  // namespace

std::string ldmUnetToDiffusers(const std::string& key, int64_t L) {
  const std::pair<const char*, const char*> direct[] = {
      {"time_embed.0.", "time_embedding.linear_1."},
      {"time_embed.2.", "time_embedding.linear_2."},
      {"label_emb.0.0.", "add_embedding.linear_1."},
      {"label_emb.0.2.", "add_embedding.linear_2."},
      {"input_blocks.0.0.", "conv_in."},
      {"out.0.", "conv_norm_out."},
      {"out.2.", "conv_out."}};
  for (const auto& [f, t] : direct)
    if (startsWith(key, f)) return t + key.substr(std::char_traits<char>::length(f));
  int n = 0, k = 0, used = 0;
  if (std::sscanf(key.c_str(), "input_blocks.%d.%d.%n", &n, &k, &used) == 2 && used > 0) {
    const std::string rest = key.substr(size_t(used));
    const int64_t level = (n - 1) / (L + 1), j = (n - 1) % (L + 1);
    const std::string p = "down_blocks." + std::to_string(level);
    if (j == L) return startsWith(rest, "op.") ? p + ".downsamplers.0.conv." + rest.substr(3) : "";
    if (k == 0) {
      std::string r = resnetName(rest);
      return r.empty() ? "" : p + ".resnets." + std::to_string(j) + "." + r;
    }
    return k == 1 ? p + ".attentions." + std::to_string(j) + "." + rest : "";
  }
  if (std::sscanf(key.c_str(), "middle_block.%d.%n", &k, &used) == 1 && used > 0) {
    const std::string rest = key.substr(size_t(used));
    if (k == 1) return "mid_block.attentions.0." + rest;
    std::string r = resnetName(rest);
    return r.empty() ? "" : "mid_block.resnets." + std::to_string(k == 0 ? 0 : 1) + "." + r;
  }
  if (std::sscanf(key.c_str(), "output_blocks.%d.%d.%n", &n, &k, &used) == 2 && used > 0) {
    const std::string rest = key.substr(size_t(used));
    const std::string p = "up_blocks." + std::to_string(n / (L + 1));
    const std::string j = std::to_string(n % (L + 1));
    if (k == 0) {
      std::string r = resnetName(rest);
      return r.empty() ? "" : p + ".resnets." + j + "." + r;
    }
    if (startsWith(rest, "conv.")) return p + ".upsamplers.0.conv." + rest.substr(5);  // Upsample
    return k == 1 ? p + ".attentions." + j + "." + rest : "";
  }
  return {};
}

std::string diffusersUnetToLdm(const std::string& name, const UnetConfig& c) {
  const int64_t L = c.layersPerBlock;
  const std::pair<const char*, const char*> direct[] = {
      {"time_embedding.linear_1.", "time_embed.0."},
      {"time_embedding.linear_2.", "time_embed.2."},
      {"add_embedding.linear_1.", "label_emb.0.0."},
      {"add_embedding.linear_2.", "label_emb.0.2."},
      {"conv_in.", "input_blocks.0.0."},
      {"conv_norm_out.", "out.0."},
      {"conv_out.", "out.2."}};
  for (const auto& [f, t] : direct)
    if (startsWith(name, f)) return t + name.substr(std::char_traits<char>::length(f));
  auto resnetLdm = [](const std::string& rest) -> std::string {
    const std::pair<const char*, const char*> map[] = {
        {"norm1.", "in_layers.0."},          {"conv1.", "in_layers.2."},
        {"time_emb_proj.", "emb_layers.1."}, {"norm2.", "out_layers.0."},
        {"conv2.", "out_layers.3."},         {"conv_shortcut.", "skip_connection."}};
    for (const auto& [f, t] : map)
      if (startsWith(rest, f)) return t + rest.substr(std::char_traits<char>::length(f));
    return {};
  };
  int i = 0, j = 0, used = 0;
  if (std::sscanf(name.c_str(), "down_blocks.%d.resnets.%d.%n", &i, &j, &used) == 2 && used > 0) {
    const std::string r = resnetLdm(name.substr(size_t(used)));
    return r.empty() ? "" : "input_blocks." + std::to_string(1 + i * (L + 1) + j) + ".0." + r;
  }
  if (std::sscanf(name.c_str(), "down_blocks.%d.attentions.%d.%n", &i, &j, &used) == 2 && used > 0)
    return "input_blocks." + std::to_string(1 + i * (L + 1) + j) + ".1." +
           name.substr(size_t(used));
  if (std::sscanf(name.c_str(), "down_blocks.%d.downsamplers.0.conv.%n", &i, &used) == 1 &&
      used > 0)
    return "input_blocks." + std::to_string(1 + i * (L + 1) + L) + ".0.op." +
           name.substr(size_t(used));
  if (std::sscanf(name.c_str(), "mid_block.resnets.%d.%n", &j, &used) == 1 && used > 0) {
    const std::string r = resnetLdm(name.substr(size_t(used)));
    return r.empty() ? "" : "middle_block." + std::to_string(j == 0 ? 0 : 2) + "." + r;
  }
  if (startsWith(name, "mid_block.attentions.0.")) return "middle_block.1." + name.substr(23);
  if (std::sscanf(name.c_str(), "up_blocks.%d.resnets.%d.%n", &i, &j, &used) == 2 && used > 0) {
    const std::string r = resnetLdm(name.substr(size_t(used)));
    return r.empty() ? "" : "output_blocks." + std::to_string(i * (L + 1) + j) + ".0." + r;
  }
  if (std::sscanf(name.c_str(), "up_blocks.%d.attentions.%d.%n", &i, &j, &used) == 2 && used > 0)
    return "output_blocks." + std::to_string(i * (L + 1) + j) + ".1." + name.substr(size_t(used));
  if (std::sscanf(name.c_str(), "up_blocks.%d.upsamplers.0.conv.%n", &i, &used) == 1 && used > 0) {
    const bool attn = size_t(i) < c.upBlockTypes.size() &&
                      c.upBlockTypes[size_t(i)].find("CrossAttn") != std::string::npos;
    return "output_blocks." + std::to_string(i * (L + 1) + L) + (attn ? ".2" : ".1") + ".conv." +
           name.substr(size_t(used));
  }
  return {};
}

std::string ldmVaeToDiffusers(const std::string& key, int64_t levels) {
  std::string s = key;
  for (const char* side : {"encoder.", "decoder."}) {
    if (!startsWith(s, side)) continue;
    std::string rest = s.substr(8);
    std::string out = side;
    int n = 0, m = 0, used = 0;
    if (std::sscanf(rest.c_str(), "down.%d.block.%d.%n", &n, &m, &used) == 2 && used > 0) {
      out += "down_blocks." + std::to_string(n) + ".resnets." + std::to_string(m) + ".";
      rest = rest.substr(size_t(used));
    } else if (std::sscanf(rest.c_str(), "down.%d.downsample.%n", &n, &used) == 1 && used > 0) {
      out += "down_blocks." + std::to_string(n) + ".downsamplers.0.";
      rest = rest.substr(size_t(used));
    } else if (std::sscanf(rest.c_str(), "up.%d.block.%d.%n", &n, &m, &used) == 2 && used > 0) {
      out += "up_blocks." + std::to_string(levels - 1 - n) + ".resnets." + std::to_string(m) + ".";
      rest = rest.substr(size_t(used));
    } else if (std::sscanf(rest.c_str(), "up.%d.upsample.%n", &n, &used) == 1 && used > 0) {
      out += "up_blocks." + std::to_string(levels - 1 - n) + ".upsamplers.0.";
      rest = rest.substr(size_t(used));
    } else if (startsWith(rest, "mid.block_1.")) {
      out += "mid_block.resnets.0.";
      rest = rest.substr(12);
    } else if (startsWith(rest, "mid.block_2.")) {
      out += "mid_block.resnets.1.";
      rest = rest.substr(12);
    } else if (startsWith(rest, "mid.attn_1.")) {
      rest = rest.substr(11);
      const std::pair<const char*, const char*> attn[] = {{"norm.", "group_norm."},
                                                          {"q.", "to_q."},
                                                          {"k.", "to_k."},
                                                          {"v.", "to_v."},
                                                          {"proj_out.", "to_out.0."}};
      for (const auto& [f, t] : attn)
        if (startsWith(rest, f))
          return out + "mid_block.attentions.0." + t +
                 rest.substr(std::char_traits<char>::length(f));
      return {};
    } else if (startsWith(rest, "norm_out.")) {
      return out + "conv_norm_out." + rest.substr(9);
    } else if (startsWith(rest, "conv_in.") || startsWith(rest, "conv_out.")) {
      return out + rest;
    } else {
      return {};
    }
    return out + replaceAll(rest, "nin_shortcut.", "conv_shortcut.");
  }
  if (startsWith(s, "quant_conv.") || startsWith(s, "post_quant_conv.")) return s;
  return {};
}

std::string diffusersVaeToLdm(const std::string& name, int64_t levels) {
  if (startsWith(name, "quant_conv.") || startsWith(name, "post_quant_conv.")) return name;
  for (const char* side : {"encoder.", "decoder."}) {
    if (!startsWith(name, side)) continue;
    const std::string rest = name.substr(8);
    int n = 0, m = 0, used = 0;
    std::string out = side;
    if (std::sscanf(rest.c_str(), "down_blocks.%d.resnets.%d.%n", &n, &m, &used) == 2 && used > 0)
      return out + "down." + std::to_string(n) + ".block." + std::to_string(m) + "." +
             replaceAll(rest.substr(size_t(used)), "conv_shortcut.", "nin_shortcut.");
    if (std::sscanf(rest.c_str(), "down_blocks.%d.downsamplers.0.%n", &n, &used) == 1 && used > 0)
      return out + "down." + std::to_string(n) + ".downsample." + rest.substr(size_t(used));
    if (std::sscanf(rest.c_str(), "up_blocks.%d.resnets.%d.%n", &n, &m, &used) == 2 && used > 0)
      return out + "up." + std::to_string(levels - 1 - n) + ".block." + std::to_string(m) + "." +
             replaceAll(rest.substr(size_t(used)), "conv_shortcut.", "nin_shortcut.");
    if (std::sscanf(rest.c_str(), "up_blocks.%d.upsamplers.0.%n", &n, &used) == 1 && used > 0)
      return out + "up." + std::to_string(levels - 1 - n) + ".upsample." +
             rest.substr(size_t(used));
    if (startsWith(rest, "mid_block.resnets.0.")) return out + "mid.block_1." + rest.substr(20);
    if (startsWith(rest, "mid_block.resnets.1.")) return out + "mid.block_2." + rest.substr(20);
    if (startsWith(rest, "mid_block.attentions.0.")) {
      const std::string a = rest.substr(23);
      const std::pair<const char*, const char*> map[] = {{"group_norm.", "norm."},
                                                         {"to_q.", "q."},
                                                         {"to_k.", "k."},
                                                         {"to_v.", "v."},
                                                         {"to_out.0.", "proj_out."}};
      for (const auto& [f, t] : map)
        if (startsWith(a, f))
          return out + "mid.attn_1." + t + a.substr(std::char_traits<char>::length(f));
      return {};
    }
    if (startsWith(rest, "conv_norm_out.")) return out + "norm_out." + rest.substr(14);
    if (startsWith(rest, "conv_in.") || startsWith(rest, "conv_out.")) return out + rest;
    return {};
  }
  return {};
}

}  // namespace hl
