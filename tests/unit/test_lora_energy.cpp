// Per-block LoRA energy (the identity panel's plot): block names from both kohya naming
// schemes, and the energy equal to ||scale * up @ down||_F^2 computed the slow way.
#include <ATen/ATen.h>

#include "check.h"
#include "lora/lora.h"

HL_TEST(blockNames) {
  using hl::unetBlockOf;
  HL_CHECK_EQ(unetBlockOf("lora_unet_down_blocks_1_attentions_0_transformer_blocks_0_attn1_to_q"),
              std::string("down_blocks.1.attentions.0"));
  HL_CHECK_EQ(unetBlockOf("lora_unet_input_blocks_4_1_transformer_blocks_0_attn1_to_q"),
              std::string("down_blocks.1.attentions.0"));
  HL_CHECK_EQ(unetBlockOf("lora_unet_input_blocks_8_1_proj_in"),
              std::string("down_blocks.2.attentions.1"));
  HL_CHECK_EQ(unetBlockOf("lora_unet_input_blocks_6_0_op"),
              std::string("down_blocks.1.downsamplers.0"));
  HL_CHECK_EQ(unetBlockOf("lora_unet_input_blocks_1_0_in_layers_2"),
              std::string("down_blocks.0.resnets.0"));
  HL_CHECK_EQ(unetBlockOf("lora_unet_middle_block_1_transformer_blocks_3_attn2_to_k"),
              std::string("mid_block.attentions.0"));
  HL_CHECK_EQ(unetBlockOf("lora_unet_middle_block_2_in_layers_2"),
              std::string("mid_block.resnets.1"));
  HL_CHECK_EQ(unetBlockOf("lora_unet_mid_block_attentions_0_proj_out"),
              std::string("mid_block.attentions.0"));
  HL_CHECK_EQ(unetBlockOf("lora_unet_output_blocks_5_1_transformer_blocks_0_attn2_to_v"),
              std::string("up_blocks.1.attentions.2"));
  HL_CHECK_EQ(unetBlockOf("lora_unet_up_blocks_0_attentions_2_proj_out"),
              std::string("up_blocks.0.attentions.2"));
  HL_CHECK_EQ(unetBlockOf("lora_unet_output_blocks_2_2_conv"),
              std::string("up_blocks.0.upsamplers.0"));
  HL_CHECK_EQ(unetBlockOf("lora_te1_text_model_encoder_layers_0_mlp_fc1"), std::string());
  HL_CHECK_EQ(unetBlockOf("lora_unet_conv_in"), std::string());
}

HL_TEST(energyPerBlockInUnetOrder) {
  at::manual_seed(3);
  hl::LoraFile f;
  auto layer = [&](const std::string& module, int64_t out, int64_t in, int64_t rank, double alpha) {
    f.layers.push_back({module, at::randn({rank, in}), at::randn({out, rank}), alpha});
  };
  layer("lora_unet_output_blocks_0_1_transformer_blocks_0_attn1_to_q", 24, 16, 4, 2.0);
  layer("lora_unet_down_blocks_2_attentions_1_transformer_blocks_0_attn2_to_k", 24, 16, 4, 0.0);
  layer("lora_unet_input_blocks_4_1_transformer_blocks_0_attn1_to_out_0", 24, 24, 2, 1.0);
  layer("lora_unet_down_blocks_1_attentions_0_transformer_blocks_1_attn1_to_v", 24, 24, 4, 4.0);
  layer("lora_unet_middle_block_1_transformer_blocks_0_attn1_to_q", 24, 24, 4, 2.0);
  layer("lora_te2_text_model_encoder_layers_0_self_attn_q_proj", 8, 8, 2, 1.0);
  const auto energy = hl::unetBlockEnergy(f);
  HL_CHECK_EQ(int(energy.size()), 4);
  HL_CHECK_EQ(energy[0].first, std::string("down_blocks.1.attentions.0"));
  HL_CHECK_EQ(energy[1].first, std::string("down_blocks.2.attentions.1"));
  HL_CHECK_EQ(energy[2].first, std::string("mid_block.attentions.0"));
  HL_CHECK_EQ(energy[3].first, std::string("up_blocks.0.attentions.0"));
  auto direct = [&](size_t i) {
    const hl::LoraLayer& l = f.layers[i];
    return (at::matmul(l.up.to(at::kDouble), l.down.to(at::kDouble)) * l.scale())
        .pow(2)
        .sum()
        .item<double>();
  };
  const double expected[4] = {direct(2) + direct(3), direct(1), direct(4), direct(0)};
  for (int i = 0; i < 4; ++i)
    HL_CHECK_MSG(std::abs(energy[size_t(i)].second - expected[i]) <= 1e-4 * expected[i],
                 hl::test::format("%d: %g vs %g", int(i), energy[size_t(i)].second, expected[i]));
}
