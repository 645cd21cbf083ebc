#pragma once
// The kiosk's window: SDL2, an OpenGL 3.2 core context, Dear ImGui, the font atlas, and the
// event-driven loop. The loop sleeps in SDL_WaitEventTimeout and draws only on input, on a
// worker's result, at the model's next deadline, or for the few frames ImGui needs to settle.
#include <SDL.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>

#include "font_atlas.hpp"
#include "kiosk/command_line.hpp"
#include "kiosk/main_queue.hpp"
#include "kiosk/session.hpp"
#include "kiosk/terminal_model.hpp"
#include "screen_router.hpp"

namespace madoguchi::screens {

struct WindowOptions {
    std::optional<WindowSize> windowed;  // full screen when empty
    FontFiles fonts;
    std::string atlas_text;              // every string the catalogs can show
    bool allow_offscreen = false;        // screenshots may render without a screen
};

class AppWindow {
public:
    // Throws std::runtime_error when there is no display or no OpenGL: fatal at start-up.
    explicit AppWindow(const WindowOptions& options);
    ~AppWindow();
    AppWindow(const AppWindow&) = delete;
    AppWindow& operator=(const AppWindow&) = delete;

    // Lets worker threads wake the loop; pass to MainQueue::set_waker.
    std::function<void()> waker() const;

    // Erases the pixels of names and addresses drawn so far; register with Session::add_wiper.
    void wipe_free_text() { m_free_text->wipe(); }

    // Runs until the window is closed or `max_frames` frames were drawn. Returns the exit code.
    // `process_start` is when main() began: the first frame's delay from it goes to the log.
    int run(TerminalModel& model, const Translator& translator, MainQueue& queue, std::optional<int> max_frames,
            Clock::time_point process_start);

    // Draws `view` a few times (so that ImGui settles) and writes the last frame as PNG.
    bool screenshot(const View& view, const std::filesystem::path& png);

private:
    void render(const View& view, Intents& intents);
    void rebuild_fonts_if_needed();

    SDL_Window* m_window = nullptr;
    SDL_GLContext m_gl = nullptr;
    Uint32 m_wake_event = 0;
    std::unique_ptr<FontAtlas> m_fonts;
    std::unique_ptr<FreeText> m_free_text;
    std::unique_ptr<ScreenRouter> m_router;
};

}  // namespace madoguchi::screens
