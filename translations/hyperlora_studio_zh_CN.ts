<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>hl::ui::GeneratePanel</name>
    <message>
        <location filename="../ui/generate_panel.cpp" line="30"/>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="33"/>
        <source>a portrait photo of a woman, 85mm, soft light</source>
        <translation>一张女性肖像照，85mm，柔光</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="36"/>
        <source>Negative prompt</source>
        <translation>反向提示词</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="47"/>
        <source>Sampler</source>
        <translation>采样器</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="51"/>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="56"/>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="62"/>
        <source>CFG scale</source>
        <translation>CFG 强度</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="67"/>
        <source>Random</source>
        <translation>随机</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="70"/>
        <source>Draw a new seed for every generation; untick to lock the seed</source>
        <translation>每次生成都使用新的种子；取消勾选以锁定种子</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="73"/>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="77"/>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="79"/>
        <source>Generate (Ctrl+Enter)</source>
        <translation>生成（Ctrl+Enter）</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="81"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="83"/>
        <source>Stop the running generation (Esc)</source>
        <translation>停止当前生成（Esc）</translation>
    </message>
</context>
<context>
    <name>hl::ui::MainWindow</name>
    <message>
        <location filename="../ui/main_window.cpp" line="30"/>
        <source>HyperLoRA Studio</source>
        <translation>HyperLoRA Studio</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="164"/>
        <source>Demo models: images are noise. Open a real models folder with File &gt; Open (Ctrl+O).</source>
        <translation>演示模型：生成的图像只是噪声。请通过“文件 &gt; 打开”（Ctrl+O）选择真实的模型文件夹。</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="178"/>
        <source>Component</source>
        <translation>组件</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="178"/>
        <source>Location or what is missing</source>
        <translation>位置或缺少的内容</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="184"/>
        <source>File validation results appear here.</source>
        <translation>文件校验结果将显示在这里。</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="90"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="35"/>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="36"/>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="45"/>
        <source>Step %1 of %2, %3 s per step, about %4 s left</source>
        <translation>第 %1/%2 步，每步 %3 秒，约剩 %4 秒</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="56"/>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="57"/>
        <source>Generation cancelled</source>
        <translation>生成已取消</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="62"/>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="66"/>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="70"/>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="74"/>
        <source>Next result</source>
        <translation>下一个结果</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="78"/>
        <source>Previous result</source>
        <translation>上一个结果</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="91"/>
        <source>&amp;Open models folder...</source>
        <translation>打开模型文件夹(&amp;O)...</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="94"/>
        <source>Models folder</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="101"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="125"/>
        <source>Demo models: images are noise.</source>
        <translation>演示模型：图像只是噪声。</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="135"/>
        <source>Write a prompt and press Generate (Ctrl+Enter).</source>
        <translation>输入提示词并点击“生成”（Ctrl+Enter）。</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="139"/>
        <source>%v / %m steps</source>
        <translation>%v / %m 步</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="152"/>
        <source>Earlier results: click one to see it and recall its settings</source>
        <translation>历史结果：点击查看并恢复其设置</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="193"/>
        <source>Open a models folder first (File &gt; Open).</source>
        <translation>请先打开模型文件夹（文件 &gt; 打开）。</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="201"/>
        <source>Starting...</source>
        <translation>正在开始...</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="223"/>
        <source>Done in %1 s (seed %2).</source>
        <translation>完成，用时 %1 秒（种子 %2）。</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="245"/>
        <source>Validating every model file...</source>
        <translation>正在校验所有模型文件...</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="247"/>
        <source>Checking models in %1</source>
        <translation>正在检查 %1 中的模型</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="261"/>
        <source>missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="268"/>
        <source>Looked in: %1</source>
        <translation>已查找：%1</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="275"/>
        <source>Ready to generate with %1.</source>
        <translation>可以使用 %1 生成图像。</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="276"/>
        <source>No usable SDXL checkpoint yet: see below what is missing.</source>
        <translation>尚无可用的 SDXL 模型：缺少的内容见下方。</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="278"/>
        <source>Identities need the HyperLoRA, CLIP and face models listed below.</source>
        <translation>创建身份需要下方列出的 HyperLoRA、CLIP 和人脸模型。</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="286"/>
        <source>All model files are valid.</source>
        <translation>所有模型文件均有效。</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="287"/>
        <source>Some model files are invalid: see the list.</source>
        <translation>部分模型文件无效：请查看列表。</translation>
    </message>
</context>
</TS>
