<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>hl::ui::MainWindow</name>
    <message>
        <location filename="../ui/main_window.cpp" line="22"/>
        <source>HyperLoRA Studio</source>
        <translation>HyperLoRA Studio</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="30"/>
        <source>Demo models: images are noise. Open a real models folder with File &gt; Open (Ctrl+O).</source>
        <translation>演示模型：生成的图像只是噪声。请通过“文件 &gt; 打开”（Ctrl+O）选择真实的模型文件夹。</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="46"/>
        <source>Component</source>
        <translation>组件</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="46"/>
        <source>Location or what is missing</source>
        <translation>位置或缺少的内容</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="52"/>
        <source>File validation results appear here.</source>
        <translation>文件校验结果将显示在这里。</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="64"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="65"/>
        <source>&amp;Open models folder...</source>
        <translation>打开模型文件夹(&amp;O)...</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="68"/>
        <source>Models folder</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="75"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="95"/>
        <source>Validating every model file...</source>
        <translation>正在校验所有模型文件...</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="97"/>
        <source>Checking models in %1</source>
        <translation>正在检查 %1 中的模型</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="111"/>
        <source>missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="118"/>
        <source>Looked in: %1</source>
        <translation>已查找：%1</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="125"/>
        <source>Ready to generate with %1.</source>
        <translation>可以使用 %1 生成图像。</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="126"/>
        <source>No usable SDXL checkpoint yet: see below what is missing.</source>
        <translation>尚无可用的 SDXL 模型：缺少的内容见下方。</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="128"/>
        <source>Identities need the HyperLoRA, CLIP and face models listed below.</source>
        <translation>创建身份需要下方列出的 HyperLoRA、CLIP 和人脸模型。</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="136"/>
        <source>All model files are valid.</source>
        <translation>所有模型文件均有效。</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="137"/>
        <source>Some model files are invalid: see the list.</source>
        <translation>部分模型文件无效：请查看列表。</translation>
    </message>
</context>
</TS>
