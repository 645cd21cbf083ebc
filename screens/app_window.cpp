#include "app_window.hpp"

#include <SDL_opengl.h>
#include <backends/imgui_impl_opengl3.h>
#include <backends/imgui_impl_sdl.h>
#include <stb_image_write.h>

#include <algorithm>
#include <array>
#include <stdexcept>
#include <vector>

#include "gl_free_text.hpp"
#include "kiosk/log.hpp"
#include "theme.hpp"
#include "widgets.hpp"

namespace madoguchi::screens {
namespace {

// ImGui needs a couple of frames after an input to show its result (press, release, hover).
constexpr int k_settle_frames = 3;
// Animated screens (placing the card, reading it) run at 30 frames a second; nothing else does.
constexpr auto k_animation_frame = std::chrono::milliseconds(33);

bool is_input(const SDL_Event& event) {
    switch (event.type) {
        case SDL_MOUSEBUTTONDOWN:
        case SDL_MOUSEBUTTONUP:
        case SDL_MOUSEMOTION:
        case SDL_MOUSEWHEEL:
        case SDL_FINGERDOWN:
        case SDL_FINGERUP:
        case SDL_FINGERMOTION:
        case SDL_KEYDOWN:
        case SDL_KEYUP:
        case SDL_TEXTINPUT: return true;
        default: return false;
    }
}

}  // namespace

AppWindow::AppWindow(const WindowOptions& options) {
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        throw std::runtime_error(std::string("no display: ") + SDL_GetError());
    }
    const std::string_view driver = SDL_GetCurrentVideoDriver();
    if (!options.allow_offscreen && (driver == "offscreen" || driver == "dummy")) {
        SDL_Quit();
        throw std::runtime_error("no display is attached (set DISPLAY or start the kiosk session)");
    }
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, SDL_GL_CONTEXT_FORWARD_COMPATIBLE_FLAG);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 2);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);

    Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_ALLOW_HIGHDPI;
    int width = 1920;
    int height = 1080;
    if (options.windowed) {
        width = options.windowed->width;
        height = options.windowed->height;
    } else {
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    }
    m_window = SDL_CreateWindow("Madoguchi", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, width, height, flags);
    if (m_window == nullptr) {
        const std::string error = SDL_GetError();
        SDL_Quit();
        throw std::runtime_error("cannot open a window: " + error);
    }
    m_gl = SDL_GL_CreateContext(m_window);
    if (m_gl == nullptr) {
        const std::string error = SDL_GetError();
        SDL_DestroyWindow(m_window);
        SDL_Quit();
        throw std::runtime_error("no OpenGL 3.2 context: " + error);
    }
    SDL_GL_MakeCurrent(m_window, m_gl);
    SDL_GL_SetSwapInterval(1);
    if (!options.windowed) {
        SDL_ShowCursor(SDL_DISABLE);  // a touch kiosk shows no pointer
    }
    m_wake_event = SDL_RegisterEvents(1);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    ImGui_ImplSDL2_InitForOpenGL(m_window, m_gl);
    ImGui_ImplOpenGL3_Init("#version 150");

    SDL_GetWindowSize(m_window, &width, &height);
    Theme theme;
    theme.scale = static_cast<float>(height) / 1080.0f;
    apply_style(theme.scale);
    m_fonts = std::make_unique<FontAtlas>(options.fonts, theme.scale, options.atlas_text);
    theme.fonts = m_fonts->build(*io.Fonts);
    set_theme(theme);
    set_glyph_requests([this](std::string_view text) { m_fonts->require(text); });

    const std::array<std::filesystem::path, 2> chain{options.fonts.regular, options.fonts.fallback};
    auto rasterizer = text::TextRasterizer::open(chain);
    if (!rasterizer) {
        throw std::runtime_error(rasterizer.error().message);
    }
    m_free_text = std::make_unique<GlFreeText>(std::move(*rasterizer));
    m_router = std::make_unique<ScreenRouter>(*m_free_text);
}

AppWindow::~AppWindow() {
    set_glyph_requests({});
    m_router.reset();
    m_free_text.reset();  // its textures need the GL context, which goes below
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplSDL2_Shutdown();
    ImGui::DestroyContext();
    SDL_GL_DeleteContext(m_gl);
    SDL_DestroyWindow(m_window);
    SDL_Quit();
}

std::function<void()> AppWindow::waker() const {
    const Uint32 type = m_wake_event;
    return [type] {
        SDL_Event event{};
        event.type = type;
        SDL_PushEvent(&event);
    };
}

void AppWindow::rebuild_fonts_if_needed() {
    if (!m_fonts->needs_rebuild()) {
        return;
    }
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    Theme theme = screens::theme();
    theme.fonts = m_fonts->build(*ImGui::GetIO().Fonts);
    set_theme(theme);
    ImGui_ImplOpenGL3_CreateFontsTexture();
}

void AppWindow::render(const View& view, Intents& intents) {
    rebuild_fonts_if_needed();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    ImGui::NewFrame();
    ImGui::PushFont(theme().fonts.body);
    draw_frame(*m_router, view, intents);
    ImGui::PopFont();
    ImGui::Render();
    const ImGuiIO& io = ImGui::GetIO();
    glViewport(0, 0, static_cast<int>(io.DisplaySize.x * io.DisplayFramebufferScale.x),
               static_cast<int>(io.DisplaySize.y * io.DisplayFramebufferScale.y));
    const ImVec4 clear = ImGui::ColorConvertU32ToFloat4(k_background);
    glClearColor(clear.x, clear.y, clear.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

int AppWindow::run(TerminalModel& model, const Translator& translator, MainQueue& queue, std::optional<int> max_frames,
                   Clock::time_point process_start) {
    int frames_to_draw = k_settle_frames;
    int frames_drawn = 0;
    bool animating = false;
    while (true) {
        SDL_Event event;
        bool have_event = false;
        if (frames_to_draw > 0) {
            have_event = SDL_PollEvent(&event) != 0;
        } else {
            auto deadline = model.next_deadline(Clock::now());
            if (animating) {
                const auto next_frame = Clock::now() + k_animation_frame;
                deadline = deadline ? std::min(*deadline, next_frame) : next_frame;
            }
            if (deadline) {
                const auto wait = std::chrono::ceil<std::chrono::milliseconds>(*deadline - Clock::now()).count();
                have_event = SDL_WaitEventTimeout(&event, static_cast<int>(std::clamp<long>(wait, 0, 60'000))) != 0;
            } else {
                have_event = SDL_WaitEvent(&event) != 0;
            }
            frames_to_draw = 1;  // woken by an event or by the deadline: the picture may change
        }
        const auto now = Clock::now();
        for (; have_event; have_event = SDL_PollEvent(&event) != 0) {
            ImGui_ImplSDL2_ProcessEvent(&event);
            if (event.type == SDL_QUIT) {
                return 0;
            }
            if (is_input(event)) {
                model.note_activity(now);
                frames_to_draw = k_settle_frames;
            }
        }
        if (queue.drain() > 0) {
            frames_to_draw = k_settle_frames;
        }
        model.tick(now);

        Intents intents;
        const View view = model.view(translator, now);
        animating = view.animating;
        render(view, intents);
        SDL_GL_SwapWindow(m_window);
        ++frames_drawn;
        --frames_to_draw;
        if (frames_drawn == 1) {
            const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - process_start).count();
            log::info("first_frame", {{"ms_since_start", std::to_string(ms)}});
        }
        for (const Intent& intent : intents) {
            model.apply(intent, now);
        }
        if (!intents.empty()) {
            frames_to_draw = k_settle_frames;
        }
        if (max_frames && frames_drawn >= *max_frames) {
            return 0;
        }
    }
}

bool AppWindow::screenshot(const View& view, const std::filesystem::path& png) {
    int width = 0;
    int height = 0;
    for (int frame = 0; frame < k_settle_frames; ++frame) {
        SDL_Event event;
        while (SDL_PollEvent(&event) != 0) {
            ImGui_ImplSDL2_ProcessEvent(&event);
        }
        Intents ignored;
        render(view, ignored);
        SDL_GL_GetDrawableSize(m_window, &width, &height);
        if (frame + 1 < k_settle_frames) {
            SDL_GL_SwapWindow(m_window);
        }
    }
    std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    stbi_flip_vertically_on_write(1);
    const int stride = width * 4;
    return stbi_write_png(png.c_str(), width, height, 4, pixels.data(), stride) != 0;
}

}  // namespace madoguchi::screens
