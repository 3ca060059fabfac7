<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>Duration</name>
    <message>
        <location filename="../ui/duration_text.h" line="14"/>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <location filename="../ui/duration_text.h" line="16"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location filename="../ui/duration_text.h" line="18"/>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
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
        <translation>strength %1</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="53"/>
        <source>No models folder chosen yet.</source>
        <translation>No models folder chosen yet.</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="56"/>
        <source>Ready to generate with %1.</source>
        <translation>Ready to generate with %1.</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="57"/>
        <source>No usable SDXL checkpoint yet: see below what is missing.</source>
        <translation>No usable SDXL checkpoint yet: see below what is missing.</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="60"/>
        <source>Identities can be made.</source>
        <translation>Identities can be made.</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="61"/>
        <source>Identities need the HyperLoRA, CLIP and face models listed below.</source>
        <translation>Identities need the HyperLoRA, CLIP and face models listed below.</translation>
    </message>
</context>
<context>
    <name>hl::ui::CompareCanvas</name>
    <message>
        <location filename="../ui/compare_view.cpp" line="68"/>
        <source>Select 2 to 4 results in the history and press Compare (Ctrl+K).</source>
        <translation>Select 2 to 4 results in the history and press Compare (Ctrl+K).</translation>
    </message>
</context>
<context>
    <name>hl::ui::CompareView</name>
    <message>
        <location filename="../ui/compare_view.cpp" line="119"/>
        <source>Split view</source>
        <translation>Split view</translation>
    </message>
    <message>
        <location filename="../ui/compare_view.cpp" line="121"/>
        <source>Two images in one frame with a movable divider</source>
        <translation>Two images in one frame with a movable divider</translation>
    </message>
    <message>
        <location filename="../ui/compare_view.cpp" line="127"/>
        <source>Fit</source>
        <translation>Fit</translation>
    </message>
</context>
<context>
    <name>hl::ui::ControlPanel</name>
    <message>
        <location filename="../ui/control_panel.cpp" line="40"/>
        <source>ControlNets</source>
        <translation>ControlNets</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="45"/>
        <source>Add ControlNet</source>
        <translation>Add ControlNet</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="51"/>
        <source>The official HyperLoRA workflows use an OpenPose ControlNet at 0.7 ending at 0.7, or InstantID&apos;s IdentityNet at 0.6 with face keypoints (CFG 3).</source>
        <translation>The official HyperLoRA workflows use an OpenPose ControlNet at 0.7 ending at 0.7, or InstantID&apos;s IdentityNet at 0.6 with face keypoints (CFG 3).</translation>
    </message>
</context>
<context>
    <name>hl::ui::ControlRow</name>
    <message>
        <location filename="../ui/control_panel.cpp" line="132"/>
        <source>What the ControlNet sees</source>
        <translation>What the ControlNet sees</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="152"/>
        <source>The ControlNet (a diffusers folder or one .safetensors file)</source>
        <translation>The ControlNet (a diffusers folder or one .safetensors file)</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="158"/>
        <source>Remove this ControlNet</source>
        <translation>Remove this ControlNet</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="167"/>
        <location filename="../ui/control_panel.cpp" line="307"/>
        <source>Control image...</source>
        <translation>Control image...</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="173"/>
        <source>As given</source>
        <translation>As given</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="174"/>
        <source>Canny edges</source>
        <translation>Canny edges</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="175"/>
        <source>Face keypoints (InstantID)</source>
        <translation>Face keypoints (InstantID)</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="188"/>
        <source>Canny: low threshold</source>
        <translation>Canny: low threshold</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="189"/>
        <source>Canny: high threshold</source>
        <translation>Canny: high threshold</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="193"/>
        <source>Control type of a union or ProMax ControlNet (xinsir); auto: Canny edges use canny, other images run it as a plain ControlNet. Plain ControlNets need auto.</source>
        <translation>Control type of a union or ProMax ControlNet (xinsir); auto: Canny edges use canny, other images run it as a plain ControlNet. Plain ControlNets need auto.</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="195"/>
        <source>type: auto</source>
        <translation>type: auto</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="198"/>
        <source>type: %1</source>
        <translation>type: %1</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="218"/>
        <source>scale </source>
        <translation>scale </translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="219"/>
        <source>Acts from this fraction of the steps</source>
        <translation>Acts from this fraction of the steps</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="220"/>
        <source>Acts until this fraction of the steps</source>
        <translation>Acts until this fraction of the steps</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="223"/>
        <source>from </source>
        <translation>from </translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="224"/>
        <source>to </source>
        <translation>to </translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="241"/>
        <source>Control image</source>
        <translation>Control image</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="242"/>
        <source>Images (*.png *.jpg *.jpeg *.webp *.bmp)</source>
        <translation>Images (*.png *.jpg *.jpeg *.webp *.bmp)</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="247"/>
        <source>ControlNet file</source>
        <translation>ControlNet file</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="248"/>
        <source>ControlNets (*.safetensors)</source>
        <translation>ControlNets (*.safetensors)</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="288"/>
        <source>Other file...</source>
        <translation>Other file...</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="320"/>
        <source>Drawn from identity A&apos;s face once it is analysed</source>
        <translation>Drawn from identity A&apos;s face once it is analysed</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="330"/>
        <source>Face keypoints of this image are found when generating</source>
        <translation>Face keypoints of this image are found when generating</translation>
    </message>
    <message>
        <location filename="../ui/control_panel.cpp" line="340"/>
        <source>No control image</source>
        <translation>No control image</translation>
    </message>
</context>
<context>
    <name>hl::ui::EditView</name>
    <message>
        <location filename="../ui/edit_view.cpp" line="61"/>
        <source>Open image...</source>
        <translation>Open image...</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="61"/>
        <source>Edit an image file</source>
        <translation>Edit an image file</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="62"/>
        <source>Use shown result</source>
        <translation>Use shown result</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="63"/>
        <source>Edit the result shown on the Generate tab (Ctrl+I)</source>
        <translation>Edit the result shown on the Generate tab (Ctrl+I)</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="64"/>
        <source>Load mask...</source>
        <translation>Load mask...</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="65"/>
        <source>A black-and-white mask: white is repainted</source>
        <translation>A black-and-white mask: white is repainted</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="66"/>
        <source>Clear mask</source>
        <translation>Clear mask</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="67"/>
        <source>Remove the painted mask: the whole image is redone</source>
        <translation>Remove the painted mask: the whole image is redone</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="69"/>
        <source>Eraser</source>
        <translation>Eraser</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="69"/>
        <source>Paint with the eraser (or use the right button)</source>
        <translation>Paint with the eraser (or use the right button)</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="75"/>
        <source>brush </source>
        <translation>brush </translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="77"/>
        <source>Brush size in image pixels (Ctrl + wheel over the image)</source>
        <translation>Brush size in image pixels (Ctrl + wheel over the image)</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="124"/>
        <source>Image to image</source>
        <translation>Image to image</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="126"/>
        <source>Generate from this image</source>
        <translation>Generate from this image</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="129"/>
        <source>On: every generation starts from this image (and repaints only the mask, if any)</source>
        <translation>On: every generation starts from this image (and repaints only the mask, if any)</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="139"/>
        <source>Strength</source>
        <translation>Strength</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="145"/>
        <source>Mask blur</source>
        <translation>Mask blur</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="150"/>
        <source>Mask grow</source>
        <translation>Mask grow</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="151"/>
        <source>Keep unmasked pixels exactly</source>
        <translation>Keep unmasked pixels exactly</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="89"/>
        <source>Open image</source>
        <translation>Open image</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="90"/>
        <source>Images (*.png *.jpg *.jpeg *.webp *.bmp)</source>
        <translation>Images (*.png *.jpg *.jpeg *.webp *.bmp)</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="95"/>
        <source>Load mask</source>
        <translation>Load mask</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="96"/>
        <source>Images (*.png *.jpg *.bmp)</source>
        <translation>Images (*.png *.jpg *.bmp)</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="161"/>
        <source>%1: not a readable image</source>
        <translation>%1: not a readable image</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="216"/>
        <source>No image: generations start from noise.</source>
        <translation>No image: generations start from noise.</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="218"/>
        <source>Image to image is off.</source>
        <translation>Image to image is off.</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="221"/>
        <source>Inpainting: only the red area is repainted (%1 x %2).</source>
        <translation>Inpainting: only the red area is repainted (%1 x %2).</translation>
    </message>
    <message>
        <location filename="../ui/edit_view.cpp" line="224"/>
        <source>Image to image: the whole picture is redone at strength %1.</source>
        <translation>Image to image: the whole picture is redone at strength %1.</translation>
    </message>
</context>
<context>
    <name>hl::ui::FirstRunDialog</name>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="366"/>
        <source>Welcome to HyperLoRA Studio</source>
        <translation>Welcome to HyperLoRA Studio</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="369"/>
        <source>&lt;b&gt;HyperLoRA Studio needs model files that you download yourself.&lt;/b&gt;&lt;br&gt;An SDXL checkpoint to make images; for identities also the HyperLoRA weights, CLIP ViT-L/14 and insightface&apos;s antelopev2 face models. A ComfyUI &lt;tt&gt;models/&lt;/tt&gt; folder that has them works as it is. Until then the demo models let you try everything, but their images are noise.</source>
        <translation>&lt;b&gt;HyperLoRA Studio needs model files that you download yourself.&lt;/b&gt;&lt;br&gt;An SDXL checkpoint to make images; for identities also the HyperLoRA weights, CLIP ViT-L/14 and insightface&apos;s antelopev2 face models. A ComfyUI &lt;tt&gt;models/&lt;/tt&gt; folder that has them works as it is. Until then the demo models let you try everything, but their images are noise.</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="384"/>
        <source>Choose models folder...</source>
        <translation>Choose models folder...</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="386"/>
        <source>Settings...</source>
        <translation>Settings...</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="387"/>
        <source>Use these models</source>
        <translation>Use these models</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="390"/>
        <source>Continue with demo models</source>
        <translation>Continue with demo models</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="399"/>
        <source>Models folder</source>
        <translation>Models folder</translation>
    </message>
</context>
<context>
    <name>hl::ui::GeneratePanel</name>
    <message>
        <location filename="../ui/generate_panel.cpp" line="48"/>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="51"/>
        <source>Earlier prompts (Ctrl+Up / Ctrl+Down in the prompt)</source>
        <translation>Earlier prompts (Ctrl+Up / Ctrl+Down in the prompt)</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="52"/>
        <source>History</source>
        <translation>History</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="58"/>
        <source>With an identity, HyperLoRA&apos;s trigger words &quot;fcsks fxhks fhyks,&quot; are added for you.</source>
        <translation>With an identity, HyperLoRA&apos;s trigger words &quot;fcsks fxhks fhyks,&quot; are added for you.</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="66"/>
        <source>a portrait photo of a woman, 85mm, soft light</source>
        <translation>a portrait photo of a woman, 85mm, soft light</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="70"/>
        <source>Negative prompt</source>
        <translation>Negative prompt</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="71"/>
        <source>Official preset</source>
        <translation>Official preset</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="73"/>
        <source>The negative prompt of HyperLoRA&apos;s example workflows</source>
        <translation>The negative prompt of HyperLoRA&apos;s example workflows</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="97"/>
        <source>Sampler</source>
        <translation>Sampler</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="102"/>
        <source>Size</source>
        <translation>Size</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="107"/>
        <source>Steps</source>
        <translation>Steps</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="113"/>
        <source>CFG scale</source>
        <translation>CFG scale</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="118"/>
        <source>Random</source>
        <translation>Random</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="121"/>
        <source>Draw a new seed for every generation; untick to lock the seed</source>
        <translation>Draw a new seed for every generation; untick to lock the seed</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="124"/>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="128"/>
        <source>How many images one Generate queues, at consecutive seeds</source>
        <translation>How many images one Generate queues, at consecutive seeds</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="129"/>
        <source>Batch count</source>
        <translation>Batch count</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="135"/>
        <source>Hires fix</source>
        <translation>Hires fix</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="137"/>
        <source>Generate at the size above, upscale, then refine with image to image</source>
        <translation>Generate at the size above, upscale, then refine with image to image</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="146"/>
        <source>Lanczos</source>
        <translation>Lanczos</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="147"/>
        <source>Latent</source>
        <translation>Latent</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="153"/>
        <source>Denoising strength of the refinement</source>
        <translation>Denoising strength of the refinement</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="162"/>
        <source>Face detail</source>
        <translation>Face detail</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="165"/>
        <source>Redo every face at a higher resolution with the same prompt, identity and seed (the official workflows&apos; FaceDetailer). Needs the face models.</source>
        <translation>Redo every face at a higher resolution with the same prompt, identity and seed (the official workflows&apos; FaceDetailer). Needs the face models.</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="172"/>
        <source>Denoising strength of the face pass</source>
        <translation>Denoising strength of the face pass</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="177"/>
        <source> steps</source>
        <translation> steps</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="186"/>
        <source>Generate</source>
        <translation>Generate</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="188"/>
        <source>Generate (Ctrl+Enter)</source>
        <translation>Generate (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="190"/>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="192"/>
        <source>Stop the running generation (Esc)</source>
        <translation>Stop the running generation (Esc)</translation>
    </message>
</context>
<context>
    <name>hl::ui::HistoryModel</name>
    <message>
        <location filename="../ui/history_model.cpp" line="30"/>
        <source>seed %1, %2 steps, %3</source>
        <translation>seed %1, %2 steps, %3</translation>
    </message>
    <message>
        <location filename="../ui/history_model.cpp" line="35"/>
        <source>identity %1, strength %2</source>
        <translation>identity %1, strength %2</translation>
    </message>
</context>
<context>
    <name>hl::ui::IdentityPanel</name>
    <message>
        <location filename="../ui/identity_panel.cpp" line="138"/>
        <location filename="../ui/identity_panel.cpp" line="387"/>
        <location filename="../ui/identity_panel.cpp" line="427"/>
        <source>Identity A</source>
        <translation>Identity A</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="138"/>
        <location filename="../ui/identity_panel.cpp" line="387"/>
        <location filename="../ui/identity_panel.cpp" line="427"/>
        <source>Identity B</source>
        <translation>Identity B</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="144"/>
        <source>The identity&apos;s name, used in the history and when it is saved</source>
        <translation>The identity&apos;s name, used in the history and when it is saved</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="182"/>
        <source>Open, save or clear this identity</source>
        <translation>Open, save or clear this identity</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="185"/>
        <source>Open identity...</source>
        <translation>Open identity...</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="186"/>
        <location filename="../ui/identity_panel.cpp" line="191"/>
        <location filename="../ui/identity_panel.cpp" line="193"/>
        <source>Open identity</source>
        <translation>Open identity</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="187"/>
        <location filename="../ui/identity_panel.cpp" line="198"/>
        <source>HyperLoRA identities (*.hlid)</source>
        <translation>HyperLoRA identities (*.hlid)</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="196"/>
        <source>Save identity as...</source>
        <translation>Save identity as...</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="197"/>
        <location filename="../ui/identity_panel.cpp" line="203"/>
        <source>Save identity</source>
        <translation>Save identity</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="206"/>
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="158"/>
        <source>Reference photos of one person: drop them here or use Add</source>
        <translation>Reference photos of one person: drop them here or use Add</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="161"/>
        <source>Add photos...</source>
        <translation>Add photos...</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="162"/>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="168"/>
        <source>Reference photos</source>
        <translation>Reference photos</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="169"/>
        <source>Images (*.png *.jpg *.jpeg *.webp *.bmp *.tif *.tiff)</source>
        <translation>Images (*.png *.jpg *.jpeg *.webp *.bmp *.tif *.tiff)</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="226"/>
        <source>ID strength</source>
        <translation>ID strength</translation>
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
        <translation>Live</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="255"/>
        <source>Regenerate with the same seed when a slider is released</source>
        <translation>Regenerate with the same seed when a slider is released</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="257"/>
        <source>Export LoRA...</source>
        <translation>Export LoRA...</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="259"/>
        <source>Save this identity&apos;s LoRA for ComfyUI or A1111 (Ctrl+Shift+E)</source>
        <translation>Save this identity&apos;s LoRA for ComfyUI or A1111 (Ctrl+Shift+E)</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="275"/>
        <source>The face crop the network sees, background faded to grey</source>
        <translation>The face crop the network sees, background faded to grey</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="290"/>
        <source>How much the identity&apos;s LoRA changes each UNet block (squared size of the weight change at strength 1)</source>
        <translation>How much the identity&apos;s LoRA changes each UNet block (squared size of the weight change at strength 1)</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="299"/>
        <source>LoRA energy</source>
        <translation>LoRA energy</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="306"/>
        <source>Paste photos</source>
        <translation>Paste photos</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="417"/>
        <source>%1: %2 of the identity&apos;s photos are missing and were left out:</source>
        <translation>%1: %2 of the identity&apos;s photos are missing and were left out:</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="549"/>
        <source>Add the Base-LoRA (hair, head shape, surroundings)</source>
        <translation>Add the Base-LoRA (hair, head shape, surroundings)</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="550"/>
        <source>This HyperLoRA has no Base-LoRA: the released weights ship none, their 0.25x Base-LoRA is already distilled into the ID-LoRA</source>
        <translation>This HyperLoRA has no Base-LoRA: the released weights ship none, their 0.25x Base-LoRA is already distilled into the ID-LoRA</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="570"/>
        <source>Mix the two identities: 0 is A, 1 is B</source>
        <translation>Mix the two identities: 0 is A, 1 is B</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="571"/>
        <source>Needs a usable face in both identity A and identity B</source>
        <translation>Needs a usable face in both identity A and identity B</translation>
    </message>
</context>
<context>
    <name>hl::ui::JobQueue</name>
    <message>
        <location filename="../ui/job_queue.cpp" line="9"/>
        <source>Analyse the identity photos</source>
        <translation>Analyse the identity photos</translation>
    </message>
    <message>
        <location filename="../ui/job_queue.cpp" line="10"/>
        <source>Export the identity LoRA to %1</source>
        <translation>Export the identity LoRA to %1</translation>
    </message>
    <message>
        <location filename="../ui/job_queue.cpp" line="13"/>
        <source>(empty prompt)</source>
        <translation>(empty prompt)</translation>
    </message>
    <message>
        <location filename="../ui/job_queue.cpp" line="14"/>
        <source>seed %1</source>
        <translation>seed %1</translation>
    </message>
    <message>
        <location filename="../ui/job_queue.cpp" line="16"/>
        <source>, strength %1</source>
        <translation>, strength %1</translation>
    </message>
    <message>
        <location filename="../ui/job_queue.cpp" line="17"/>
        <source>, A&lt;-&gt;B %1</source>
        <translation>, A&lt;-&gt;B %1</translation>
    </message>
    <message>
        <location filename="../ui/job_queue.cpp" line="18"/>
        <source>, live</source>
        <translation>, live</translation>
    </message>
</context>
<context>
    <name>hl::ui::LoraPanel</name>
    <message>
        <location filename="../ui/lora_panel.cpp" line="27"/>
        <source>LoRAs</source>
        <translation>LoRAs</translation>
    </message>
    <message>
        <location filename="../ui/lora_panel.cpp" line="30"/>
        <source>Add from the models folder</source>
        <translation>Add from the models folder</translation>
    </message>
    <message>
        <location filename="../ui/lora_panel.cpp" line="31"/>
        <source>LoRA files found in the models folder (loras/)</source>
        <translation>LoRA files found in the models folder (loras/)</translation>
    </message>
    <message>
        <location filename="../ui/lora_panel.cpp" line="35"/>
        <source>File...</source>
        <translation>File...</translation>
    </message>
    <message>
        <location filename="../ui/lora_panel.cpp" line="36"/>
        <source>Add a LoRA file (.safetensors, kohya format)</source>
        <translation>Add a LoRA file (.safetensors, kohya format)</translation>
    </message>
    <message>
        <location filename="../ui/lora_panel.cpp" line="39"/>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../ui/lora_panel.cpp" line="40"/>
        <source>Remove the selected LoRAs</source>
        <translation>Remove the selected LoRAs</translation>
    </message>
    <message>
        <location filename="../ui/lora_panel.cpp" line="46"/>
        <source>LoRA</source>
        <translation>LoRA</translation>
    </message>
    <message>
        <location filename="../ui/lora_panel.cpp" line="46"/>
        <source>Strength</source>
        <translation>Strength</translation>
    </message>
    <message>
        <location filename="../ui/lora_panel.cpp" line="59"/>
        <source>Add LoRA</source>
        <translation>Add LoRA</translation>
    </message>
    <message>
        <location filename="../ui/lora_panel.cpp" line="60"/>
        <source>LoRA files (*.safetensors)</source>
        <translation>LoRA files (*.safetensors)</translation>
    </message>
    <message>
        <location filename="../ui/lora_panel.cpp" line="78"/>
        <source>Use this LoRA</source>
        <translation>Use this LoRA</translation>
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
        <translation>Earlier results: click one to see it and recall its settings; select several and press Ctrl+K to compare them</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="152"/>
        <source>Demo models: images are noise. Open a real models folder with File &gt; Open (Ctrl+O).</source>
        <translation>Demo models: images are noise. Open a real models folder with File &gt; Open (Ctrl+O).</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="166"/>
        <location filename="../ui/settings_dialog.cpp" line="35"/>
        <source>Component</source>
        <translation>Component</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="166"/>
        <location filename="../ui/settings_dialog.cpp" line="36"/>
        <source>Location or what is missing</source>
        <translation>Location or what is missing</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="172"/>
        <source>File validation results appear here.</source>
        <translation>File validation results appear here.</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="40"/>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="71"/>
        <source>Generate</source>
        <translation>Generate</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="73"/>
        <source>Edit</source>
        <translation>Edit</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="76"/>
        <source>Sweep</source>
        <translation>Sweep</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="79"/>
        <source>Compare</source>
        <translation>Compare</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="80"/>
        <source>Models</source>
        <translation>Models</translation>
    </message>
    <message>
        <location filename="../ui/main_window_jobs.cpp" line="117"/>
        <source>Step %1 of %2, %3 s per step, about %4 s left</source>
        <translation>Step %1 of %2, %3 s per step, about %4 s left</translation>
    </message>
    <message>
        <location filename="../ui/main_window_jobs.cpp" line="37"/>
        <source>Cancelled.</source>
        <translation>Cancelled.</translation>
    </message>
    <message>
        <location filename="../ui/main_window_jobs.cpp" line="38"/>
        <source>Generation cancelled</source>
        <translation>Generation cancelled</translation>
    </message>
    <message>
        <location filename="../ui/main_window_jobs.cpp" line="46"/>
        <source>The identity could not be built (see the identity panel).</source>
        <translation>The identity could not be built (see the identity panel).</translation>
    </message>
    <message>
        <location filename="../ui/main_window_jobs.cpp" line="48"/>
        <source>Failed: %1</source>
        <translation>Failed: %1</translation>
    </message>
    <message>
        <location filename="../ui/main_window_jobs.cpp" line="54"/>
        <source>Identity ready.</source>
        <translation>Identity ready.</translation>
    </message>
    <message>
        <location filename="../ui/main_window_jobs.cpp" line="65"/>
        <source>Identity %1: photo %2 of %3 analysed...</source>
        <translation>Identity %1: photo %2 of %3 analysed...</translation>
    </message>
    <message>
        <location filename="../ui/main_window_jobs.cpp" line="72"/>
        <source>Identity LoRA written to %1.</source>
        <translation>Identity LoRA written to %1.</translation>
    </message>
    <message>
        <location filename="../ui/main_window_jobs.cpp" line="73"/>
        <source>Identity LoRA written to %1</source>
        <translation>Identity LoRA written to %1</translation>
    </message>
    <message>
        <location filename="../ui/main_window_jobs.cpp" line="133"/>
        <source>Not started: %1</source>
        <translation>Not started: %1</translation>
    </message>
    <message>
        <location filename="../ui/main_window_jobs.cpp" line="286"/>
        <source>Done in %1 (seed %2).</source>
        <translation>Done in %1 (seed %2).</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="86"/>
        <source>&amp;Generate</source>
        <translation>&amp;Generate</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="91"/>
        <source>&amp;Cancel</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="95"/>
        <source>Compare selected results</source>
        <translation>Compare selected results</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="99"/>
        <source>Send to image to image</source>
        <translation>Send to image to image</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="103"/>
        <source>Next result</source>
        <translation>Next result</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="107"/>
        <source>Previous result</source>
        <translation>Previous result</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="148"/>
        <source>History unavailable: %1</source>
        <translation>History unavailable: %1</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="41"/>
        <source>&amp;Open models folder...</source>
        <translation>&amp;Open models folder...</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="44"/>
        <source>Models folder</source>
        <translation>Models folder</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="50"/>
        <source>Set &amp;face models folder...</source>
        <translation>Set &amp;face models folder...</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="52"/>
        <source>The folder with scrfd_10g_bnkps.onnx, 2d106det.onnx and glintr100.onnx (insightface antelopev2), when it is not inside the models folder</source>
        <translation>The folder with scrfd_10g_bnkps.onnx, 2d106det.onnx and glintr100.onnx (insightface antelopev2), when it is not inside the models folder</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="55"/>
        <source>Face models folder (antelopev2)</source>
        <translation>Face models folder (antelopev2)</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="59"/>
        <source>Face models: %1</source>
        <translation>Face models: %1</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="62"/>
        <source>Open &amp;identity...</source>
        <translation>Open &amp;identity...</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="65"/>
        <source>Open identity</source>
        <translation>Open identity</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="66"/>
        <source>HyperLoRA identities (*.hlid)</source>
        <translation>HyperLoRA identities (*.hlid)</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="69"/>
        <source>&amp;Settings...</source>
        <translation>&amp;Settings...</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="75"/>
        <source>&amp;Export image...</source>
        <translation>&amp;Export image...</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="77"/>
        <source>Save the shown result as PNG with its generation settings</source>
        <translation>Save the shown result as PNG with its generation settings</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="81"/>
        <source>Select a result in the history first.</source>
        <translation>Select a result in the history first.</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="91"/>
        <source>Export image</source>
        <translation>Export image</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="91"/>
        <source>PNG images (*.png)</source>
        <translation>PNG images (*.png)</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="93"/>
        <source>Saved %1</source>
        <translation>Saved %1</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="95"/>
        <source>Export identity &amp;LoRA...</source>
        <translation>Export identity &amp;LoRA...</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="97"/>
        <source>Save identity A&apos;s LoRA (mixed with B as set) for ComfyUI or A1111</source>
        <translation>Save identity A&apos;s LoRA (mixed with B as set) for ComfyUI or A1111</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="99"/>
        <source>Export identity LoRA</source>
        <translation>Export identity LoRA</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="100"/>
        <source>LoRA files (*.safetensors)</source>
        <translation>LoRA files (*.safetensors)</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="105"/>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="127"/>
        <source>Opened identity %1</source>
        <translation>Opened identity %1</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="246"/>
        <source>Generate an image first, or open one on the Edit tab.</source>
        <translation>Generate an image first, or open one on the Edit tab.</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="174"/>
        <source>Demo models: images are noise.</source>
        <translation>Demo models: images are noise.</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="185"/>
        <source>Write a prompt and press Generate (Ctrl+Enter).</source>
        <translation>Write a prompt and press Generate (Ctrl+Enter).</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="189"/>
        <source>%v / %m steps</source>
        <translation>%v / %m steps</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="207"/>
        <source>Seconds per step of the running generation</source>
        <translation>Seconds per step of the running generation</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="219"/>
        <source>s/step</source>
        <translation>s/step</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="227"/>
        <source>Search the history by prompt text</source>
        <translation>Search the history by prompt text</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="233"/>
        <source>Show only the results of one identity</source>
        <translation>Show only the results of one identity</translation>
    </message>
    <message>
        <location filename="../ui/main_window_jobs.cpp" line="159"/>
        <location filename="../ui/main_window_jobs.cpp" line="174"/>
        <source>Open a models folder first (File &gt; Open).</source>
        <translation>Open a models folder first (File &gt; Open).</translation>
    </message>
    <message>
        <location filename="../ui/main_window_jobs.cpp" line="179"/>
        <source>A sweep needs an identity: add photos to identity A first.</source>
        <translation>A sweep needs an identity: add photos to identity A first.</translation>
    </message>
    <message>
        <location filename="../ui/main_window_jobs.cpp" line="184"/>
        <source>An A &lt;-&gt; B sweep needs photos in both identities.</source>
        <translation>An A &lt;-&gt; B sweep needs photos in both identities.</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="188"/>
        <source>Settings saved. A language change takes effect at the next start.</source>
        <translation>Settings saved. A language change takes effect at the next start.</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="220"/>
        <source>Could not save the image: %1</source>
        <translation>Could not save the image: %1</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="228"/>
        <source>Add photos to identity A first: the LoRA is made from them.</source>
        <translation>Add photos to identity A first: the LoRA is made from them.</translation>
    </message>
    <message>
        <location filename="../ui/main_window_jobs.cpp" line="209"/>
        <source>Analysing the photos...</source>
        <translation>Analysing the photos...</translation>
    </message>
    <message>
        <location filename="../ui/main_window_jobs.cpp" line="223"/>
        <source>Analysing the identity photos...</source>
        <translation>Analysing the identity photos...</translation>
    </message>
    <message>
        <location filename="../ui/main_window_jobs.cpp" line="224"/>
        <source>Writing the identity LoRA...</source>
        <translation>Writing the identity LoRA...</translation>
    </message>
    <message>
        <location filename="../ui/main_window_jobs.cpp" line="230"/>
        <source>Starting...</source>
        <translation>Starting...</translation>
    </message>
    <message>
        <location filename="../ui/main_window_jobs.cpp" line="231"/>
        <source>Starting... (%1 more queued)</source>
        <translation>Starting... (%1 more queued)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="270"/>
        <source>Queue</source>
        <translation>Queue</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="275"/>
        <source>Run the selected job earlier</source>
        <translation>Run the selected job earlier</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="279"/>
        <source>Run the selected job later</source>
        <translation>Run the selected job later</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="282"/>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="283"/>
        <source>Remove the selected jobs from the queue (Delete)</source>
        <translation>Remove the selected jobs from the queue (Delete)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="315"/>
        <source>Queue (empty)</source>
        <translation>Queue (empty)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="316"/>
        <source>Queue (%1 waiting)</source>
        <translation>Queue (%1 waiting)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="352"/>
        <source>All identities</source>
        <translation>All identities</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="393"/>
        <source>Result #%1: seed %2, made in %3.</source>
        <translation>Result #%1: seed %2, made in %3.</translation>
    </message>
    <message>
        <location filename="../ui/main_window_jobs.cpp" line="260"/>
        <source>Could not save to the history: %1</source>
        <translation>Could not save to the history: %1</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="263"/>
        <source>Validating every model file...</source>
        <translation>Validating every model file...</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="265"/>
        <source>Checking models in %1</source>
        <translation>Checking models in %1</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="74"/>
        <source>missing</source>
        <translation>missing</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="83"/>
        <source>Looked in: %1</source>
        <translation>Looked in: %1</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="287"/>
        <source>All model files are valid.</source>
        <translation>All model files are valid.</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="288"/>
        <source>Some model files are invalid: see the list.</source>
        <translation>Some model files are invalid: see the list.</translation>
    </message>
</context>
<context>
    <name>hl::ui::MaskCanvas</name>
    <message>
        <location filename="../ui/mask_canvas.cpp" line="17"/>
        <source>Paint where the image should change; right button or the eraser removes. Ctrl + wheel: brush size</source>
        <translation>Paint where the image should change; right button or the eraser removes. Ctrl + wheel: brush size</translation>
    </message>
    <message>
        <location filename="../ui/mask_canvas.cpp" line="98"/>
        <source>Open an image, or send a result here (Ctrl+I), then paint a mask to repaint only part of it.</source>
        <translation>Open an image, or send a result here (Ctrl+I), then paint a mask to repaint only part of it.</translation>
    </message>
</context>
<context>
    <name>hl::ui::SettingsDialog</name>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="102"/>
        <source>found under the models folder</source>
        <translation>found under the models folder</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="104"/>
        <location filename="../ui/settings_dialog.cpp" line="153"/>
        <location filename="../ui/settings_dialog.cpp" line="240"/>
        <source>Browse...</source>
        <translation>Browse...</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="112"/>
        <source>Checkpoints (*.safetensors);;All files (*)</source>
        <translation>Checkpoints (*.safetensors);;All files (*)</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="122"/>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="145"/>
        <source>Models</source>
        <translation>Models</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="151"/>
        <source>a ComfyUI models/ folder, a diffusers SDXL folder or a checkpoint file</source>
        <translation>a ComfyUI models/ folder, a diffusers SDXL folder or a checkpoint file</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="156"/>
        <location filename="../ui/settings_dialog.cpp" line="158"/>
        <source>Models folder</source>
        <translation>Models folder</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="164"/>
        <source>Checkpoint</source>
        <translation>Checkpoint</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="167"/>
        <source>HyperLoRA variant</source>
        <translation>HyperLoRA variant</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="168"/>
        <source>SDXL checkpoint (override)</source>
        <translation>SDXL checkpoint (override)</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="169"/>
        <source>HyperLoRA folder (override)</source>
        <translation>HyperLoRA folder (override)</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="170"/>
        <source>CLIP ViT-L/14 folder (override)</source>
        <translation>CLIP ViT-L/14 folder (override)</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="171"/>
        <source>Face models folder (antelopev2)</source>
        <translation>Face models folder (antelopev2)</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="172"/>
        <source>Tokenizer folder (override)</source>
        <translation>Tokenizer folder (override)</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="133"/>
        <source>Engine and output</source>
        <translation>Engine and output</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="180"/>
        <source>Automatic (CUDA when present)</source>
        <translation>Automatic (CUDA when present)</translation>
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
        <translation>This build or machine has no CUDA device</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="187"/>
        <source>Device</source>
        <translation>Device</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="190"/>
        <source>Automatic (fp16 on GPU, fp32 on CPU)</source>
        <translation>Automatic (fp16 on GPU, fp32 on CPU)</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="191"/>
        <source>fp32 (exact, slower)</source>
        <translation>fp32 (exact, slower)</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="192"/>
        <source>bf16 (about 2x faster on CPU)</source>
        <translation>bf16 (about 2x faster on CPU)</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="193"/>
        <source>fp16 (GPU only)</source>
        <translation>fp16 (GPU only)</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="194"/>
        <source>Precision</source>
        <translation>Precision</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="197"/>
        <source>Everything on the device (fastest)</source>
        <translation>Everything on the device (fastest)</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="198"/>
        <source>Text encoders offloaded after encoding</source>
        <translation>Text encoders offloaded after encoding</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="199"/>
        <source>Sequential offload (8 GB cards; slowest)</source>
        <translation>Sequential offload (8 GB cards; slowest)</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="201"/>
        <source>How much of the models stays in GPU memory between uses. Lower it when a generation runs out of memory. The lower modes also apply LoRAs at run time and give the HyperLoRA bases back between syntheses, which saves memory on the CPU too.</source>
        <translation>How much of the models stays in GPU memory between uses. Lower it when a generation runs out of memory. The lower modes also apply LoRAs at run time and give the HyperLoRA bases back between syntheses, which saves memory on the CPU too.</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="205"/>
        <source>GPU memory</source>
        <translation>GPU memory</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="208"/>
        <source>Automatic (merged unless memory is saved)</source>
        <translation>Automatic (merged unless memory is saved)</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="209"/>
        <source>Merged into the weights (fastest steps)</source>
        <translation>Merged into the weights (fastest steps)</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="210"/>
        <source>Applied at run time (least memory, instant sliders)</source>
        <translation>Applied at run time (least memory, instant sliders)</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="212"/>
        <source>Merging copies every weight a LoRA or the ID-LoRA touches (about 2 GB for an ID-LoRA in bf16) and recomputes them when a strength changes; at run time the LoRAs are added beside the layers instead, a little slower per step.</source>
        <translation>Merging copies every weight a LoRA or the ID-LoRA touches (about 2 GB for an ID-LoRA in bf16) and recomputes them when a strength changes; at run time the LoRAs are added beside the layers instead, a little slower per step.</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="216"/>
        <source>LoRAs</source>
        <translation>LoRAs</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="217"/>
        <source>Record the UNet step once and replay it (CUDA graphs)</source>
        <translation>Record the UNet step once and replay it (CUDA graphs)</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="220"/>
        <source>On an NVIDIA GPU each step is launched as one recorded graph instead of thousands of separate kernels. It is checked against the ordinary step when recorded and given up by itself if they differ; turn it off to rule it out when something looks wrong.</source>
        <translation>On an NVIDIA GPU each step is launched as one recorded graph instead of thousands of separate kernels. It is checked against the ordinary step when recorded and given up by itself if they differ; turn it off to rule it out when something looks wrong.</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="224"/>
        <source>GPU steps</source>
        <translation>GPU steps</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="227"/>
        <source>e.g. vae=cpu:fp32, text_encoders=cpu</source>
        <translation>e.g. vae=cpu:fp32, text_encoders=cpu</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="229"/>
        <source>Where single networks run, overriding the device and precision above. Networks: text_encoders, unet, vae, controlnet, clip_vision, resampler, lora_synthesis</source>
        <translation>Where single networks run, overriding the device and precision above. Networks: text_encoders, unet, vae, controlnet, clip_vision, resampler, lora_synthesis</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="232"/>
        <source>Per-network placement</source>
        <translation>Per-network placement</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="243"/>
        <location filename="../ui/settings_dialog.cpp" line="246"/>
        <source>Export folder</source>
        <translation>Export folder</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="253"/>
        <source>Takes effect at the next start</source>
        <translation>Takes effect at the next start</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="254"/>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="337"/>
        <location filename="../ui/settings_dialog.cpp" line="343"/>
        <source>Automatic</source>
        <translation>Automatic</translation>
    </message>
</context>
<context>
    <name>hl::ui::SweepView</name>
    <message>
        <location filename="../ui/sweep_view.cpp" line="68"/>
        <location filename="../ui/sweep_view.cpp" line="257"/>
        <source>ID strength</source>
        <translation>ID strength</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="69"/>
        <source>A &lt;-&gt; B mix</source>
        <translation>A &lt;-&gt; B mix</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="83"/>
        <source>Run sweep</source>
        <translation>Run sweep</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="85"/>
        <source>Queue one image per value, all at the current seed and settings</source>
        <translation>Queue one image per value, all at the current seed and settings</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="86"/>
        <source>Save grid...</source>
        <translation>Save grid...</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="89"/>
        <source>Sweep</source>
        <translation>Sweep</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="91"/>
        <source>from</source>
        <translation>from</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="93"/>
        <source>to</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="95"/>
        <source>images</source>
        <translation>images</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="127"/>
        <source>Choose what to sweep and press Run sweep: the images appear here, one per value, and the plot below shows how much each face looks like the identity.</source>
        <translation>Choose what to sweep and press Run sweep: the images appear here, one per value, and the plot below shows how much each face looks like the identity.</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="143"/>
        <source>similarity to A</source>
        <translation>similarity to A</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="147"/>
        <source>similarity to B</source>
        <translation>similarity to B</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="150"/>
        <source>ArcFace cosine</source>
        <translation>ArcFace cosine</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="224"/>
        <source>seed %1, %2</source>
        <translation>seed %1, %2</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="111"/>
        <source>Save sweep grid</source>
        <translation>Save sweep grid</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="111"/>
        <source>PNG images (*.png)</source>
        <translation>PNG images (*.png)</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="194"/>
        <source>waiting...</source>
        <translation>waiting...</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="227"/>
        <source>no face found</source>
        <translation>no face found</translation>
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
        <translation>t (0 = A, 1 = B)</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="269"/>
        <source>No sweep yet.</source>
        <translation>No sweep yet.</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="271"/>
        <source>%1 of %2 images done.</source>
        <translation>%1 of %2 images done.</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="272"/>
        <source>Images without a face (no point on the plot): %1.</source>
        <translation>Images without a face (no point on the plot): %1.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/studio_main.cpp" line="71"/>
        <source>Cannot create the demo model pack: %1</source>
        <translation>Cannot create the demo model pack: %1</translation>
    </message>
</context>
</TS>
