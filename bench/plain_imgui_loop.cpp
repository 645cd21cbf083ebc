// The baseline the kiosk's idle CPU and start-up are compared with: the usual Dear ImGui
// SDL2 + OpenGL3 loop, which polls and redraws every frame, with ImGui's default font.
// `--frames N` exits after N frames (start-up); without it, it runs until killed.
#include <SDL.h>
#include <SDL_opengl.h>
#include <backends/imgui_impl_opengl3.h>
#include <backends/imgui_impl_sdl.h>
#include <imgui.h>

#include <cstdlib>
#include <string_view>

int main(int argc, char** argv) {
    int max_frames = 0;
    if (argc == 3 && std::string_view(argv[1]) == "--frames") {
        max_frames = std::atoi(argv[2]);
    }
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        return 1;
    }
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 2);
    SDL_Window* window = SDL_CreateWindow("plain imgui loop", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, 1920,
                                          1080, SDL_WINDOW_OPENGL);
    SDL_GLContext gl = SDL_GL_CreateContext(window);
    SDL_GL_MakeCurrent(window, gl);
    SDL_GL_SetSwapInterval(1);
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    ImGui_ImplSDL2_InitForOpenGL(window, gl);
    ImGui_ImplOpenGL3_Init("#version 150");
    for (int frame = 1;; ++frame) {
        SDL_Event event;
        while (SDL_PollEvent(&event) != 0) {
            ImGui_ImplSDL2_ProcessEvent(&event);
            if (event.type == SDL_QUIT) {
                return 0;
            }
        }
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplSDL2_NewFrame();
        ImGui::NewFrame();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
        ImGui::Begin("attract", nullptr, ImGuiWindowFlags_NoDecoration);
        ImGui::TextUnformatted("Welcome to the ward office");
        ImGui::Button("Touch to start", ImVec2(880, 150));
        ImGui::End();
        ImGui::Render();
        glViewport(0, 0, 1920, 1080);
        glClearColor(0.97f, 0.96f, 0.94f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        SDL_GL_SwapWindow(window);
        if (max_frames > 0 && frame >= max_frames) {
            break;
        }
    }
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplSDL2_Shutdown();
    ImGui::DestroyContext();
    SDL_GL_DeleteContext(gl);
    SDL_DestroyWindow(window);
    SDL_Quit();
    return 0;
}
