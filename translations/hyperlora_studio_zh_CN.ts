<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Duration</name>
    <message>
        <location filename="../ui/duration_text.h" line="14"/>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <location filename="../ui/duration_text.h" line="16"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location filename="../ui/duration_text.h" line="18"/>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../ui/sweep_view.cpp" line="29"/>
        <source>t = %1</source>
        <translation>t = %1</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="30"/>
        <source>strength %1</source>
        <translation>强度 %1</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="53"/>
        <source>No models folder chosen yet.</source>
        <translation>尚未选择模型文件夹。</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="56"/>
        <source>Ready to generate with %1.</source>
        <translation>可以使用 %1 生成图像。</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="57"/>
        <source>No usable SDXL checkpoint yet: see below what is missing.</source>
        <translation>尚无可用的 SDXL 模型：缺少的内容见下方。</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="60"/>
        <source>Identities can be made.</source>
        <translation>可以创建身份。</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="61"/>
        <source>Identities need the HyperLoRA, CLIP and face models listed below.</source>
        <translation>创建身份需要下方列出的 HyperLoRA、CLIP 和人脸模型。</translation>
    </message>
</context>
<context>
    <name>hl::ui::CompareCanvas</name>
    <message>
        <location filename="../ui/compare_view.cpp" line="68"/>
        <source>Select 2 to 4 results in the history and press Compare (Ctrl+K).</source>
        <translation>在历史记录中选择 2 到 4 个结果，然后按“对比”（Ctrl+K）。</translation>
    </message>
</context>
<context>
    <name>hl::ui::CompareView</name>
    <message>
        <location filename="../ui/compare_view.cpp" line="119"/>
        <source>Split view</source>
        <translation>分割视图</translation>
    </message>
    <message>
        <location filename="../ui/compare_view.cpp" line="121"/>
        <source>Two images in one frame with a movable divider</source>
        <translation>两张图像放在同一画面中，分隔线可移动</translation>
    </message>
    <message>
        <location filename="../ui/compare_view.cpp" line="127"/>
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
</context>
<context>
    <name>hl::ui::ControlPanel</name>
    <message>
        <location filename="../ui/control_panel.cpp" line="40"/>
        <source>ControlNets</source>
        <translation>ControlNet</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="45"/>
        <source>Add ControlNet</source>
        <translation>添加 ControlNet</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="51"/>
        <source>The official HyperLoRA workflows use an OpenPose ControlNet at 0.7 ending at 0.7, or InstantID&apos;s IdentityNet at 0.6 with face keypoints (CFG 3).</source>
        <translation>HyperLoRA 官方工作流使用强度 0.7、在 0.7 处结束的 OpenPose ControlNet，或强度 0.6 的 InstantID IdentityNet 配合人脸关键点（CFG 3）。</translation>
    </message>
</context>
<context>
    <name>hl::ui::ControlRow</name>
    <message>
        <location filename="../ui/control_panel.cpp" line="132"/>
        <source>What the ControlNet sees</source>
        <translation>ControlNet 看到的图像</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="152"/>
        <source>The ControlNet (a diffusers folder or one .safetensors file)</source>
        <translation>ControlNet（diffusers 文件夹或单个 .safetensors 文件）</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="158"/>
        <source>Remove this ControlNet</source>
        <translation>移除此 ControlNet</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="167"/>
        <location filename="../ui/control_panel.cpp" line="307"/>
        <source>Control image...</source>
        <translation>控制图像...</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="173"/>
        <source>As given</source>
        <translation>原样使用</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="174"/>
        <source>Canny edges</source>
        <translation>Canny 边缘</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="175"/>
        <source>Face keypoints (InstantID)</source>
        <translation>人脸关键点（InstantID）</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="188"/>
        <source>Canny: low threshold</source>
        <translation>Canny：低阈值</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="189"/>
        <source>Canny: high threshold</source>
        <translation>Canny：高阈值</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="193"/>
        <source>Control type of a union or ProMax ControlNet (xinsir); auto: Canny edges use canny, other images run it as a plain ControlNet. Plain ControlNets need auto.</source>
        <translation>union 或 ProMax ControlNet（xinsir）的控制类型；自动：Canny 边缘使用 canny，其他图像按普通 ControlNet 运行。普通 ControlNet 需选自动。</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="195"/>
        <source>type: auto</source>
        <translation>类型：自动</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="198"/>
        <source>type: %1</source>
        <translation>类型：%1</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="218"/>
        <source>scale </source>
        <translation>强度 </translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="219"/>
        <source>Acts from this fraction of the steps</source>
        <translation>从此步数比例开始作用</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="220"/>
        <source>Acts until this fraction of the steps</source>
        <translation>作用到此步数比例</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="223"/>
        <source>from </source>
        <translation>从 </translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="224"/>
        <source>to </source>
        <translation>到 </translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="241"/>
        <source>Control image</source>
        <translation>控制图像</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="242"/>
        <source>Images (*.png *.jpg *.jpeg *.webp *.bmp)</source>
        <translation>图像 (*.png *.jpg *.jpeg *.webp *.bmp)</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="247"/>
        <source>ControlNet file</source>
        <translation>ControlNet 文件</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="248"/>
        <source>ControlNets (*.safetensors)</source>
        <translation>ControlNet (*.safetensors)</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="288"/>
        <source>Other file...</source>
        <translation>其他文件...</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="320"/>
        <source>Drawn from identity A&apos;s face once it is analysed</source>
        <translation>分析身份 A 的人脸后由其绘制</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="330"/>
        <source>Face keypoints of this image are found when generating</source>
        <translation>此图像的人脸关键点在生成时检测</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="340"/>
        <source>No control image</source>
        <translation>无控制图像</translation>
    </message>
</context>
<context>
    <name>hl::ui::EditView</name>
    <message>
        <location filename="../ui/edit_view.cpp" line="61"/>
        <source>Open image...</source>
        <translation>打开图像...</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="61"/>
        <source>Edit an image file</source>
        <translation>编辑图像文件</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="62"/>
        <source>Use shown result</source>
        <translation>使用当前结果</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="63"/>
        <source>Edit the result shown on the Generate tab (Ctrl+I)</source>
        <translation>编辑“生成”页显示的结果 (Ctrl+I)</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="64"/>
        <source>Load mask...</source>
        <translation>载入蒙版...</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="65"/>
        <source>A black-and-white mask: white is repainted</source>
        <translation>黑白蒙版：白色部分将被重绘</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="66"/>
        <source>Clear mask</source>
        <translation>清除蒙版</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="67"/>
        <source>Remove the painted mask: the whole image is redone</source>
        <translation>移除绘制的蒙版：整张图像重新生成</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="69"/>
        <source>Eraser</source>
        <translation>橡皮擦</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="69"/>
        <source>Paint with the eraser (or use the right button)</source>
        <translation>用橡皮擦绘制（或使用右键）</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="75"/>
        <source>brush </source>
        <translation>画笔 </translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="77"/>
        <source>Brush size in image pixels (Ctrl + wheel over the image)</source>
        <translation>画笔大小（图像像素；在图像上 Ctrl + 滚轮调整）</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="124"/>
        <source>Image to image</source>
        <translation>图生图</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="126"/>
        <source>Generate from this image</source>
        <translation>从此图像生成</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="129"/>
        <source>On: every generation starts from this image (and repaints only the mask, if any)</source>
        <translation>开启：每次生成都从此图像开始（如有蒙版则只重绘蒙版区域）</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="139"/>
        <source>Strength</source>
        <translation>强度</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="145"/>
        <source>Mask blur</source>
        <translation>蒙版模糊</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="150"/>
        <source>Mask grow</source>
        <translation>蒙版扩展</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="151"/>
        <source>Keep unmasked pixels exactly</source>
        <translation>保留未遮罩像素不变</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="89"/>
        <source>Open image</source>
        <translation>打开图像</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="90"/>
        <source>Images (*.png *.jpg *.jpeg *.webp *.bmp)</source>
        <translation>图像 (*.png *.jpg *.jpeg *.webp *.bmp)</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="95"/>
        <source>Load mask</source>
        <translation>载入蒙版</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="96"/>
        <source>Images (*.png *.jpg *.bmp)</source>
        <translation>图像 (*.png *.jpg *.bmp)</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="161"/>
        <source>%1: not a readable image</source>
        <translation>%1：无法读取的图像</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="216"/>
        <source>No image: generations start from noise.</source>
        <translation>无图像：从噪声开始生成。</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="218"/>
        <source>Image to image is off.</source>
        <translation>图生图已关闭。</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="221"/>
        <source>Inpainting: only the red area is repainted (%1 x %2).</source>
        <translation>局部重绘：只重绘红色区域（%1 x %2）。</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="224"/>
        <source>Image to image: the whole picture is redone at strength %1.</source>
        <translation>图生图：以强度 %1 重新生成整张图像。</translation>
    </message>
</context>
<context>
    <name>hl::ui::FirstRunDialog</name>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="366"/>
        <source>Welcome to HyperLoRA Studio</source>
        <translation>欢迎使用 HyperLoRA Studio</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="369"/>
        <source>&lt;b&gt;HyperLoRA Studio needs model files that you download yourself.&lt;/b&gt;&lt;br&gt;An SDXL checkpoint to make images; for identities also the HyperLoRA weights, CLIP ViT-L/14 and insightface&apos;s antelopev2 face models. A ComfyUI &lt;tt&gt;models/&lt;/tt&gt; folder that has them works as it is. Until then the demo models let you try everything, but their images are noise.</source>
        <translation>&lt;b&gt;HyperLoRA Studio 需要您自行下载模型文件。&lt;/b&gt;&lt;br&gt;生成图片需要一个 SDXL 检查点；创建身份还需要 HyperLoRA 权重、CLIP ViT-L/14 和 insightface 的 antelopev2 人脸模型。包含这些文件的 ComfyUI &lt;tt&gt;models/&lt;/tt&gt; 文件夹可直接使用。在此之前，可以用演示模型试用全部功能，但生成的图片是噪声。</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="384"/>
        <source>Choose models folder...</source>
        <translation>选择模型文件夹...</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="386"/>
        <source>Settings...</source>
        <translation>设置...</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="387"/>
        <source>Use these models</source>
        <translation>使用这些模型</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="390"/>
        <source>Continue with demo models</source>
        <translation>继续使用演示模型</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="399"/>
        <source>Models folder</source>
        <translation>模型文件夹</translation>
    </message>
</context>
<context>
    <name>hl::ui::GeneratePanel</name>
    <message>
        <location filename="../ui/generate_panel.cpp" line="48"/>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="51"/>
        <source>Earlier prompts (Ctrl+Up / Ctrl+Down in the prompt)</source>
        <translation>历史提示词（在提示词中按 Ctrl+上 / Ctrl+下）</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="52"/>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="58"/>
        <source>With an identity, HyperLoRA&apos;s trigger words &quot;fcsks fxhks fhyks,&quot; are added for you.</source>
        <translation>使用身份时，会自动添加 HyperLoRA 的触发词 &quot;fcsks fxhks fhyks,&quot;。</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="66"/>
        <source>a portrait photo of a woman, 85mm, soft light</source>
        <translation>一张女性肖像照，85mm，柔光</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="70"/>
        <source>Negative prompt</source>
        <translation>反向提示词</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="71"/>
        <source>Official preset</source>
        <translation>官方预设</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="73"/>
        <source>The negative prompt of HyperLoRA&apos;s example workflows</source>
        <translation>HyperLoRA 示例工作流使用的反向提示词</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="97"/>
        <source>Sampler</source>
        <translation>采样器</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="102"/>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="107"/>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="113"/>
        <source>CFG scale</source>
        <translation>CFG 强度</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="118"/>
        <source>Random</source>
        <translation>随机</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="121"/>
        <source>Draw a new seed for every generation; untick to lock the seed</source>
        <translation>每次生成都使用新的种子；取消勾选以锁定种子</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="124"/>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="128"/>
        <source>How many images one Generate queues, at consecutive seeds</source>
        <translation>每次“生成”排队的图片数量，种子依次递增</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="129"/>
        <source>Batch count</source>
        <translation>批次数量</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="135"/>
        <source>Hires fix</source>
        <translation>高清修复</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="137"/>
        <source>Generate at the size above, upscale, then refine with image to image</source>
        <translation>按上述尺寸生成、放大，再用图生图细化</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="146"/>
        <source>Lanczos</source>
        <translation>Lanczos</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="147"/>
        <source>Latent</source>
        <translation>潜空间</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="153"/>
        <source>Denoising strength of the refinement</source>
        <translation>细化的去噪强度</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="162"/>
        <source>Face detail</source>
        <translation>面部细化</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="165"/>
        <source>Redo every face at a higher resolution with the same prompt, identity and seed (the official workflows&apos; FaceDetailer). Needs the face models.</source>
        <translation>以更高分辨率、相同提示词、身份和种子重绘每张人脸（官方工作流的 FaceDetailer）。需要人脸模型。</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="172"/>
        <source>Denoising strength of the face pass</source>
        <translation>面部细化的去噪强度</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="177"/>
        <source> steps</source>
        <translation> 步</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="186"/>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="188"/>
        <source>Generate (Ctrl+Enter)</source>
        <translation>生成（Ctrl+Enter）</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="190"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="192"/>
        <source>Stop the running generation (Esc)</source>
        <translation>停止当前生成（Esc）</translation>
    </message>
</context>
<context>
    <name>hl::ui::HistoryModel</name>
    <message>
        <location filename="../ui/history_model.cpp" line="30"/>
        <source>seed %1, %2 steps, %3</source>
        <translation>种子 %1，%2 步，%3</translation>
    </message>
    <message>
        <location filename="../ui/history_model.cpp" line="35"/>
        <source>identity %1, strength %2</source>
        <translation>身份 %1，强度 %2</translation>
    </message>
</context>
<context>
    <name>hl::ui::IdentityPanel</name>
    <message>
        <location filename="../ui/identity_panel.cpp" line="138"/>
        <location filename="../ui/identity_panel.cpp" line="387"/>
        <location filename="../ui/identity_panel.cpp" line="427"/>
        <source>Identity A</source>
        <translation>身份 A</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="138"/>
        <location filename="../ui/identity_panel.cpp" line="387"/>
        <location filename="../ui/identity_panel.cpp" line="427"/>
        <source>Identity B</source>
        <translation>身份 B</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="144"/>
        <source>The identity&apos;s name, used in the history and when it is saved</source>
        <translation>身份名称，用于历史记录和保存</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="182"/>
        <source>Open, save or clear this identity</source>
        <translation>打开、保存或清空此身份</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="185"/>
        <source>Open identity...</source>
        <translation>打开身份...</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="186"/>
        <location filename="../ui/identity_panel.cpp" line="191"/>
        <location filename="../ui/identity_panel.cpp" line="193"/>
        <source>Open identity</source>
        <translation>打开身份</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="187"/>
        <location filename="../ui/identity_panel.cpp" line="198"/>
        <source>HyperLoRA identities (*.hlid)</source>
        <translation>HyperLoRA 身份 (*.hlid)</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="196"/>
        <source>Save identity as...</source>
        <translation>身份另存为...</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="197"/>
        <location filename="../ui/identity_panel.cpp" line="203"/>
        <source>Save identity</source>
        <translation>保存身份</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="206"/>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="158"/>
        <source>Reference photos of one person: drop them here or use Add</source>
        <translation>同一个人的参考照片：拖放到这里或点击“添加”</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="161"/>
        <source>Add photos...</source>
        <translation>添加照片...</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="162"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="168"/>
        <source>Reference photos</source>
        <translation>参考照片</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="169"/>
        <source>Images (*.png *.jpg *.jpeg *.webp *.bmp *.tif *.tiff)</source>
        <translation>图像 (*.png *.jpg *.jpeg *.webp *.bmp *.tif *.tiff)</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="226"/>
        <source>ID strength</source>
        <translation>身份强度</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="246"/>
        <source>A &lt;-&gt; B</source>
        <translation>A &lt;-&gt; B</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="251"/>
        <source>Base-LoRA</source>
        <translation>Base-LoRA</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="254"/>
        <source>Live</source>
        <translation>实时</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="255"/>
        <source>Regenerate with the same seed when a slider is released</source>
        <translation>松开滑块时用相同种子重新生成</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="257"/>
        <source>Export LoRA...</source>
        <translation>导出 LoRA...</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="259"/>
        <source>Save this identity&apos;s LoRA for ComfyUI or A1111 (Ctrl+Shift+E)</source>
        <translation>保存此身份的 LoRA，用于 ComfyUI 或 A1111（Ctrl+Shift+E）</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="275"/>
        <source>The face crop the network sees, background faded to grey</source>
        <translation>网络看到的人脸裁剪，背景淡化为灰色</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="290"/>
        <source>How much the identity&apos;s LoRA changes each UNet block (squared size of the weight change at strength 1)</source>
        <translation>身份 LoRA 对每个 UNet 模块的改变量（强度为 1 时权重变化的平方大小）</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="299"/>
        <source>LoRA energy</source>
        <translation>LoRA 能量</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="306"/>
        <source>Paste photos</source>
        <translation>粘贴照片</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="417"/>
        <source>%1: %2 of the identity&apos;s photos are missing and were left out:</source>
        <translation>%1：该身份有 %2 张照片缺失，已略过：</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="549"/>
        <source>Add the Base-LoRA (hair, head shape, surroundings)</source>
        <translation>添加 Base-LoRA（发型、头型、环境）</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="550"/>
        <source>This HyperLoRA has no Base-LoRA: the released weights ship none, their 0.25x Base-LoRA is already distilled into the ID-LoRA</source>
        <translation>此 HyperLoRA 没有 Base-LoRA：发布的权重不包含它，其 0.25 倍 Base-LoRA 已蒸馏进 ID-LoRA</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="570"/>
        <source>Mix the two identities: 0 is A, 1 is B</source>
        <translation>混合两个身份：0 为 A，1 为 B</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="571"/>
        <source>Needs a usable face in both identity A and identity B</source>
        <translation>需要身份 A 和身份 B 都有可用的人脸</translation>
    </message>
</context>
<context>
    <name>hl::ui::JobQueue</name>
    <message>
        <location filename="../ui/job_queue.cpp" line="9"/>
        <source>Analyse the identity photos</source>
        <translation>分析身份照片</translation>
    </message>
    <message>
        <location filename="../ui/job_queue.cpp" line="10"/>
        <source>Export the identity LoRA to %1</source>
        <translation>将身份 LoRA 导出到 %1</translation>
    </message>
    <message>
        <location filename="../ui/job_queue.cpp" line="13"/>
        <source>(empty prompt)</source>
        <translation>（空提示词）</translation>
    </message>
    <message>
        <location filename="../ui/job_queue.cpp" line="14"/>
        <source>seed %1</source>
        <translation>种子 %1</translation>
    </message>
    <message>
        <location filename="../ui/job_queue.cpp" line="16"/>
        <source>, strength %1</source>
        <translation>，强度 %1</translation>
    </message>
    <message>
        <location filename="../ui/job_queue.cpp" line="17"/>
        <source>, A&lt;-&gt;B %1</source>
        <translation>，A&lt;-&gt;B %1</translation>
    </message>
    <message>
        <location filename="../ui/job_queue.cpp" line="18"/>
        <source>, live</source>
        <translation>，实时</translation>
    </message>
</context>
<context>
    <name>hl::ui::LoraPanel</name>
    <message>
        <location filename="../ui/lora_panel.cpp" line="27"/>
        <source>LoRAs</source>
        <translation>LoRA</translation>
    </message>
    <message>
        <location filename="../ui/lora_panel.cpp" line="30"/>
        <source>Add from the models folder</source>
        <translation>从模型文件夹添加</translation>
    </message>
    <message>
        <location filename="../ui/lora_panel.cpp" line="31"/>
        <source>LoRA files found in the models folder (loras/)</source>
        <translation>模型文件夹中找到的 LoRA 文件 (loras/)</translation>
    </message>
    <message>
        <location filename="../ui/lora_panel.cpp" line="35"/>
        <source>File...</source>
        <translation>文件...</translation>
    </message>
    <message>
        <location filename="../ui/lora_panel.cpp" line="36"/>
        <source>Add a LoRA file (.safetensors, kohya format)</source>
        <translation>添加 LoRA 文件（.safetensors，kohya 格式）</translation>
    </message>
    <message>
        <location filename="../ui/lora_panel.cpp" line="39"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../ui/lora_panel.cpp" line="40"/>
        <source>Remove the selected LoRAs</source>
        <translation>移除选中的 LoRA</translation>
    </message>
    <message>
        <location filename="../ui/lora_panel.cpp" line="46"/>
        <source>LoRA</source>
        <translation>LoRA</translation>
    </message>
    <message>
        <location filename="../ui/lora_panel.cpp" line="46"/>
        <source>Strength</source>
        <translation>强度</translation>
    </message>
    <message>
        <location filename="../ui/lora_panel.cpp" line="59"/>
        <source>Add LoRA</source>
        <translation>添加 LoRA</translation>
    </message>
    <message>
        <location filename="../ui/lora_panel.cpp" line="60"/>
        <source>LoRA files (*.safetensors)</source>
        <translation>LoRA 文件 (*.safetensors)</translation>
    </message>
    <message>
        <location filename="../ui/lora_panel.cpp" line="78"/>
        <source>Use this LoRA</source>
        <translation>使用此 LoRA</translation>
    </message>
</context>
<context>
    <name>hl::ui::MainWindow</name>
    <message>
        <location filename="../ui/main_window.cpp" line="41"/>
        <source>HyperLoRA Studio</source>
        <translation>HyperLoRA Studio</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="252"/>
        <source>Earlier results: click one to see it and recall its settings; select several and press Ctrl+K to compare them</source>
        <translation>历史结果：点击查看并恢复其设置；选择多个后按 Ctrl+K 进行对比</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="152"/>
        <source>Demo models: images are noise. Open a real models folder with File &gt; Open (Ctrl+O).</source>
        <translation>演示模型：生成的图像只是噪声。请通过“文件 &gt; 打开”（Ctrl+O）选择真实的模型文件夹。</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="166"/>
        <location filename="../ui/settings_dialog.cpp" line="35"/>
        <source>Component</source>
        <translation>组件</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="166"/>
        <location filename="../ui/settings_dialog.cpp" line="36"/>
        <source>Location or what is missing</source>
        <translation>位置或缺少的内容</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="172"/>
        <source>File validation results appear here.</source>
        <translation>文件校验结果将显示在这里。</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="40"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="71"/>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="73"/>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="76"/>
        <source>Sweep</source>
        <translation>扫描</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="79"/>
        <source>Compare</source>
        <translation>对比</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="80"/>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../ui/main_window_jobs.cpp" line="117"/>
        <source>Step %1 of %2, %3 s per step, about %4 s left</source>
        <translation>第 %1/%2 步，每步 %3 秒，约剩 %4 秒</translation>
    </message>
    <message>
        <location filename="../ui/main_window_jobs.cpp" line="37"/>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location filename="../ui/main_window_jobs.cpp" line="38"/>
        <source>Generation cancelled</source>
        <translation>生成已取消</translation>
    </message>
    <message>
        <location filename="../ui/main_window_jobs.cpp" line="46"/>
        <source>The identity could not be built (see the identity panel).</source>
        <translation>无法创建身份（见身份面板）。</translation>
    </message>
    <message>
        <location filename="../ui/main_window_jobs.cpp" line="48"/>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <location filename="../ui/main_window_jobs.cpp" line="54"/>
        <source>Identity ready.</source>
        <translation>身份已就绪。</translation>
    </message>
    <message>
        <location filename="../ui/main_window_jobs.cpp" line="65"/>
        <source>Identity %1: photo %2 of %3 analysed...</source>
        <translation>身份 %1：已分析第 %2 / %3 张照片...</translation>
    </message>
    <message>
        <location filename="../ui/main_window_jobs.cpp" line="72"/>
        <source>Identity LoRA written to %1.</source>
        <translation>身份 LoRA 已写入 %1。</translation>
    </message>
    <message>
        <location filename="../ui/main_window_jobs.cpp" line="73"/>
        <source>Identity LoRA written to %1</source>
        <translation>身份 LoRA 已写入 %1</translation>
    </message>
    <message>
        <location filename="../ui/main_window_jobs.cpp" line="133"/>
        <source>Not started: %1</source>
        <translation>未开始：%1</translation>
    </message>
    <message>
        <location filename="../ui/main_window_jobs.cpp" line="286"/>
        <source>Done in %1 (seed %2).</source>
        <translation>完成，用时 %1（种子 %2）。</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="86"/>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="91"/>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="95"/>
        <source>Compare selected results</source>
        <translation>对比所选结果</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="99"/>
        <source>Send to image to image</source>
        <translation>发送到图生图</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="103"/>
        <source>Next result</source>
        <translation>下一个结果</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="107"/>
        <source>Previous result</source>
        <translation>上一个结果</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="148"/>
        <source>History unavailable: %1</source>
        <translation>历史记录不可用：%1</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="41"/>
        <source>&amp;Open models folder...</source>
        <translation>打开模型文件夹(&amp;O)...</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="44"/>
        <source>Models folder</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="50"/>
        <source>Set &amp;face models folder...</source>
        <translation>设置人脸模型文件夹(&amp;F)...</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="52"/>
        <source>The folder with scrfd_10g_bnkps.onnx, 2d106det.onnx and glintr100.onnx (insightface antelopev2), when it is not inside the models folder</source>
        <translation>包含 scrfd_10g_bnkps.onnx、2d106det.onnx 和 glintr100.onnx（insightface antelopev2）的文件夹（不在模型文件夹内时）</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="55"/>
        <source>Face models folder (antelopev2)</source>
        <translation>人脸模型文件夹（antelopev2）</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="59"/>
        <source>Face models: %1</source>
        <translation>人脸模型：%1</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="62"/>
        <source>Open &amp;identity...</source>
        <translation>打开身份(&amp;I)...</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="65"/>
        <source>Open identity</source>
        <translation>打开身份</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="66"/>
        <source>HyperLoRA identities (*.hlid)</source>
        <translation>HyperLoRA 身份 (*.hlid)</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="69"/>
        <source>&amp;Settings...</source>
        <translation>设置(&amp;S)...</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="75"/>
        <source>&amp;Export image...</source>
        <translation>导出图片(&amp;E)...</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="77"/>
        <source>Save the shown result as PNG with its generation settings</source>
        <translation>将当前结果连同生成设置保存为 PNG</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="81"/>
        <source>Select a result in the history first.</source>
        <translation>请先在历史记录中选择一个结果。</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="91"/>
        <source>Export image</source>
        <translation>导出图片</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="91"/>
        <source>PNG images (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="93"/>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="95"/>
        <source>Export identity &amp;LoRA...</source>
        <translation>导出身份 LoRA(&amp;L)...</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="97"/>
        <source>Save identity A&apos;s LoRA (mixed with B as set) for ComfyUI or A1111</source>
        <translation>保存身份 A 的 LoRA（按设置与 B 混合），用于 ComfyUI 或 A1111</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="99"/>
        <source>Export identity LoRA</source>
        <translation>导出身份 LoRA</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="100"/>
        <source>LoRA files (*.safetensors)</source>
        <translation>LoRA 文件 (*.safetensors)</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="105"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="127"/>
        <source>Opened identity %1</source>
        <translation>已打开身份 %1</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="246"/>
        <source>Generate an image first, or open one on the Edit tab.</source>
        <translation>请先生成图像，或在“编辑”页打开一张图像。</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="174"/>
        <source>Demo models: images are noise.</source>
        <translation>演示模型：图像只是噪声。</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="185"/>
        <source>Write a prompt and press Generate (Ctrl+Enter).</source>
        <translation>输入提示词并点击“生成”（Ctrl+Enter）。</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="189"/>
        <source>%v / %m steps</source>
        <translation>%v / %m 步</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="207"/>
        <source>Seconds per step of the running generation</source>
        <translation>当前生成每一步的秒数</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="219"/>
        <source>s/step</source>
        <translation>秒/步</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="227"/>
        <source>Search the history by prompt text</source>
        <translation>按提示词搜索历史记录</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="233"/>
        <source>Show only the results of one identity</source>
        <translation>只显示某个身份的结果</translation>
    </message>
    <message>
        <location filename="../ui/main_window_jobs.cpp" line="159"/>
        <location filename="../ui/main_window_jobs.cpp" line="174"/>
        <source>Open a models folder first (File &gt; Open).</source>
        <translation>请先打开模型文件夹（文件 &gt; 打开）。</translation>
    </message>
    <message>
        <location filename="../ui/main_window_jobs.cpp" line="179"/>
        <source>A sweep needs an identity: add photos to identity A first.</source>
        <translation>扫描需要一个身份：请先向身份 A 添加照片。</translation>
    </message>
    <message>
        <location filename="../ui/main_window_jobs.cpp" line="184"/>
        <source>An A &lt;-&gt; B sweep needs photos in both identities.</source>
        <translation>A &lt;-&gt; B 扫描需要两个身份都有照片。</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="188"/>
        <source>Settings saved. A language change takes effect at the next start.</source>
        <translation>设置已保存。语言更改将在下次启动时生效。</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="220"/>
        <source>Could not save the image: %1</source>
        <translation>无法保存图片：%1</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="228"/>
        <source>Add photos to identity A first: the LoRA is made from them.</source>
        <translation>请先向身份 A 添加照片：LoRA 由这些照片生成。</translation>
    </message>
    <message>
        <location filename="../ui/main_window_jobs.cpp" line="209"/>
        <source>Analysing the photos...</source>
        <translation>正在分析照片...</translation>
    </message>
    <message>
        <location filename="../ui/main_window_jobs.cpp" line="223"/>
        <source>Analysing the identity photos...</source>
        <translation>正在分析身份照片...</translation>
    </message>
    <message>
        <location filename="../ui/main_window_jobs.cpp" line="224"/>
        <source>Writing the identity LoRA...</source>
        <translation>正在写入身份 LoRA...</translation>
    </message>
    <message>
        <location filename="../ui/main_window_jobs.cpp" line="230"/>
        <source>Starting...</source>
        <translation>正在开始...</translation>
    </message>
    <message>
        <location filename="../ui/main_window_jobs.cpp" line="231"/>
        <source>Starting... (%1 more queued)</source>
        <translation>正在开始……（另有 %1 个排队）</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="270"/>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="275"/>
        <source>Run the selected job earlier</source>
        <translation>提前运行所选任务</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="279"/>
        <source>Run the selected job later</source>
        <translation>推后运行所选任务</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="282"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="283"/>
        <source>Remove the selected jobs from the queue (Delete)</source>
        <translation>从队列中移除所选任务（Delete）</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="315"/>
        <source>Queue (empty)</source>
        <translation>队列（空）</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="316"/>
        <source>Queue (%1 waiting)</source>
        <translation>队列（%1 个等待中）</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="352"/>
        <source>All identities</source>
        <translation>所有身份</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="393"/>
        <source>Result #%1: seed %2, made in %3.</source>
        <translation>结果 #%1：种子 %2，用时 %3。</translation>
    </message>
    <message>
        <location filename="../ui/main_window_jobs.cpp" line="260"/>
        <source>Could not save to the history: %1</source>
        <translation>无法保存到历史记录：%1</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="263"/>
        <source>Validating every model file...</source>
        <translation>正在校验所有模型文件...</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="265"/>
        <source>Checking models in %1</source>
        <translation>正在检查 %1 中的模型</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="74"/>
        <source>missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="83"/>
        <source>Looked in: %1</source>
        <translation>已查找：%1</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="287"/>
        <source>All model files are valid.</source>
        <translation>所有模型文件均有效。</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="288"/>
        <source>Some model files are invalid: see the list.</source>
        <translation>部分模型文件无效：请查看列表。</translation>
    </message>
</context>
<context>
    <name>hl::ui::MaskCanvas</name>
    <message>
        <location filename="../ui/mask_canvas.cpp" line="17"/>
        <source>Paint where the image should change; right button or the eraser removes. Ctrl + wheel: brush size</source>
        <translation>在需要改变的地方绘制；右键或橡皮擦可擦除。Ctrl + 滚轮：画笔大小</translation>
    </message>
    <message>
        <location filename="../ui/mask_canvas.cpp" line="98"/>
        <source>Open an image, or send a result here (Ctrl+I), then paint a mask to repaint only part of it.</source>
        <translation>打开一张图像，或将结果发送到这里 (Ctrl+I)，然后绘制蒙版以只重绘其中一部分。</translation>
    </message>
</context>
<context>
    <name>hl::ui::SettingsDialog</name>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="102"/>
        <source>found under the models folder</source>
        <translation>在模型文件夹中查找</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="104"/>
        <location filename="../ui/settings_dialog.cpp" line="153"/>
        <location filename="../ui/settings_dialog.cpp" line="240"/>
        <source>Browse...</source>
        <translation>浏览...</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="112"/>
        <source>Checkpoints (*.safetensors);;All files (*)</source>
        <translation>检查点 (*.safetensors);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="122"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="145"/>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="151"/>
        <source>a ComfyUI models/ folder, a diffusers SDXL folder or a checkpoint file</source>
        <translation>ComfyUI models/ 文件夹、diffusers SDXL 文件夹或检查点文件</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="156"/>
        <location filename="../ui/settings_dialog.cpp" line="158"/>
        <source>Models folder</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="164"/>
        <source>Checkpoint</source>
        <translation>检查点</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="167"/>
        <source>HyperLoRA variant</source>
        <translation>HyperLoRA 变体</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="168"/>
        <source>SDXL checkpoint (override)</source>
        <translation>SDXL 检查点（覆盖）</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="169"/>
        <source>HyperLoRA folder (override)</source>
        <translation>HyperLoRA 文件夹（覆盖）</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="170"/>
        <source>CLIP ViT-L/14 folder (override)</source>
        <translation>CLIP ViT-L/14 文件夹（覆盖）</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="171"/>
        <source>Face models folder (antelopev2)</source>
        <translation>人脸模型文件夹（antelopev2）</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="172"/>
        <source>Tokenizer folder (override)</source>
        <translation>分词器文件夹（覆盖）</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="133"/>
        <source>Engine and output</source>
        <translation>引擎与输出</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="180"/>
        <source>Automatic (CUDA when present)</source>
        <translation>自动（有 CUDA 时使用）</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="181"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="182"/>
        <source>CUDA GPU</source>
        <translation>CUDA GPU</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="184"/>
        <source>This build or machine has no CUDA device</source>
        <translation>此版本或此机器没有 CUDA 设备</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="187"/>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="190"/>
        <source>Automatic (fp16 on GPU, fp32 on CPU)</source>
        <translation>自动（GPU 上 fp16，CPU 上 fp32）</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="191"/>
        <source>fp32 (exact, slower)</source>
        <translation>fp32（精确，较慢）</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="192"/>
        <source>bf16 (about 2x faster on CPU)</source>
        <translation>bf16（CPU 上约快 2 倍）</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="193"/>
        <source>fp16 (GPU only)</source>
        <translation>fp16（仅 GPU）</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="194"/>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="197"/>
        <source>Everything on the device (fastest)</source>
        <translation>全部留在设备上（最快）</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="198"/>
        <source>Text encoders offloaded after encoding</source>
        <translation>编码后卸载文本编码器</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="199"/>
        <source>Sequential offload (8 GB cards; slowest)</source>
        <translation>逐层卸载（8 GB 显卡；最慢）</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="201"/>
        <source>How much of the models stays in GPU memory between uses. Lower it when a generation runs out of memory. The lower modes also apply LoRAs at run time and give the HyperLoRA bases back between syntheses, which saves memory on the CPU too.</source>
        <translation>两次使用之间有多少模型留在显存中。生成时显存不足请调低此项。较低的模式还会在运行时叠加 LoRA，并在两次合成之间释放 HyperLoRA 基，在 CPU 上同样节省内存。</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="205"/>
        <source>GPU memory</source>
        <translation>显存</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="208"/>
        <source>Automatic (merged unless memory is saved)</source>
        <translation>自动（不节省内存时合并）</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="209"/>
        <source>Merged into the weights (fastest steps)</source>
        <translation>合并进权重（每步最快）</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="210"/>
        <source>Applied at run time (least memory, instant sliders)</source>
        <translation>运行时叠加（内存最少，滑块即时生效）</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="212"/>
        <source>Merging copies every weight a LoRA or the ID-LoRA touches (about 2 GB for an ID-LoRA in bf16) and recomputes them when a strength changes; at run time the LoRAs are added beside the layers instead, a little slower per step.</source>
        <translation>合并会复制 LoRA 或 ID-LoRA 涉及的每个权重（bf16 的 ID-LoRA 约 2 GB），并在强度改变时重新计算；运行时模式则在各层旁边叠加 LoRA，每步稍慢。</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="216"/>
        <source>LoRAs</source>
        <translation>LoRA</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="217"/>
        <source>Record the UNet step once and replay it (CUDA graphs)</source>
        <translation>UNet 步骤只录制一次并重放（CUDA 图）</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="220"/>
        <source>On an NVIDIA GPU each step is launched as one recorded graph instead of thousands of separate kernels. It is checked against the ordinary step when recorded and given up by itself if they differ; turn it off to rule it out when something looks wrong.</source>
        <translation>在 NVIDIA GPU 上，每一步作为一张录制好的图启动，而不是逐个启动数千个内核。录制时会与普通步骤比对，若不一致会自动停用；如果结果看起来不对，可以关闭它来排查。</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="224"/>
        <source>GPU steps</source>
        <translation>GPU 步骤</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="227"/>
        <source>e.g. vae=cpu:fp32, text_encoders=cpu</source>
        <translation>例如 vae=cpu:fp32, text_encoders=cpu</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="229"/>
        <source>Where single networks run, overriding the device and precision above. Networks: text_encoders, unet, vae, controlnet, clip_vision, resampler, lora_synthesis</source>
        <translation>单个网络的运行位置，覆盖上面的设备和精度。网络：text_encoders、unet、vae、controlnet、clip_vision、resampler、lora_synthesis</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="232"/>
        <source>Per-network placement</source>
        <translation>按网络放置</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="243"/>
        <location filename="../ui/settings_dialog.cpp" line="246"/>
        <source>Export folder</source>
        <translation>导出文件夹</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="253"/>
        <source>Takes effect at the next start</source>
        <translation>下次启动时生效</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="254"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="337"/>
        <location filename="../ui/settings_dialog.cpp" line="343"/>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
</context>
<context>
    <name>hl::ui::SweepView</name>
    <message>
        <location filename="../ui/sweep_view.cpp" line="68"/>
        <location filename="../ui/sweep_view.cpp" line="257"/>
        <source>ID strength</source>
        <translation>身份强度</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="69"/>
        <source>A &lt;-&gt; B mix</source>
        <translation>A &lt;-&gt; B 混合</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="83"/>
        <source>Run sweep</source>
        <translation>运行扫描</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="85"/>
        <source>Queue one image per value, all at the current seed and settings</source>
        <translation>每个取值排队一张图片，全部使用当前种子和设置</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="86"/>
        <source>Save grid...</source>
        <translation>保存网格...</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="89"/>
        <source>Sweep</source>
        <translation>扫描</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="91"/>
        <source>from</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="93"/>
        <source>to</source>
        <translation>到</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="95"/>
        <source>images</source>
        <translation>张图片</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="127"/>
        <source>Choose what to sweep and press Run sweep: the images appear here, one per value, and the plot below shows how much each face looks like the identity.</source>
        <translation>选择要扫描的参数并点击“运行扫描”：图片会按取值逐一显示在这里，下方的图表显示每张脸与身份的相似程度。</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="143"/>
        <source>similarity to A</source>
        <translation>与 A 的相似度</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="147"/>
        <source>similarity to B</source>
        <translation>与 B 的相似度</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="150"/>
        <source>ArcFace cosine</source>
        <translation>ArcFace 余弦相似度</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="224"/>
        <source>seed %1, %2</source>
        <translation>种子 %1，%2</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="111"/>
        <source>Save sweep grid</source>
        <translation>保存扫描网格</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="111"/>
        <source>PNG images (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="194"/>
        <source>waiting...</source>
        <translation>等待中...</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="227"/>
        <source>no face found</source>
        <translation>未找到人脸</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="229"/>
        <source>A %1</source>
        <translation>A %1</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="231"/>
        <source>B %1</source>
        <translation>B %1</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="257"/>
        <source>t (0 = A, 1 = B)</source>
        <translation>t（0 = A，1 = B）</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="269"/>
        <source>No sweep yet.</source>
        <translation>尚无扫描。</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="271"/>
        <source>%1 of %2 images done.</source>
        <translation>已完成 %1 / %2 张图片。</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="272"/>
        <source>Images without a face (no point on the plot): %1.</source>
        <translation>没有人脸的图片（图表中无对应点）：%1。</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/studio_main.cpp" line="71"/>
        <source>Cannot create the demo model pack: %1</source>
        <translation>无法创建演示模型包：%1</translation>
    </message>
</context>
</TS>
